import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { secretsManagerClient } from '@traced-social/aws-clients';
import { JWT_SECRET_ARN_ENV, JWT_SECRET_ENV } from '@traced-social/manifest';

let cached: Promise<string> | undefined;

/**
 * The HS256 secret: `JWT_SECRET` itself (local runs and tests), or read once per container from
 * Secrets Manager at `JWT_SECRET_ARN` (AWS). A failed read is not cached, so the next request
 * retries.
 */
export function jwtSecret(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const direct = env[JWT_SECRET_ENV];
  if (direct) return Promise.resolve(direct);
  const arn = env[JWT_SECRET_ARN_ENV];
  if (!arn) {
    return Promise.reject(new Error(`Neither ${JWT_SECRET_ENV} nor ${JWT_SECRET_ARN_ENV} is set`));
  }
  cached ??= readSecret(arn).catch((error: unknown) => {
    cached = undefined;
    throw error;
  });
  return cached;
}

async function readSecret(arn: string): Promise<string> {
  const output = await secretsManagerClient().send(new GetSecretValueCommand({ SecretId: arn }));
  if (!output.SecretString) throw new Error(`Secret ${arn} has no string value`);
  return output.SecretString;
}
