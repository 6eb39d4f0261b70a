import { SecretsProvider } from '@aws-lambda-powertools/parameters/secrets';
import { REDIS_AUTH_TOKEN_ARN_ENV, REDIS_AUTH_TOKEN_ENV } from '@traced-social/manifest';
import { secretsManagerClient } from './clients';

/**
 * How long a container keeps Redis's AUTH token before asking Secrets Manager again (the next
 * reconnect after a token change then uses the new one). `POWERTOOLS_PARAMETERS_MAX_AGE`
 * (seconds) overrides it, as for every Powertools parameter.
 */
export const REDIS_AUTH_TOKEN_MAX_AGE_SECONDS = 300;

/** Reads the token before each connection; absent when Redis takes no AUTH (a local Redis). */
export type RedisAuthTokenSource = () => Promise<string>;

let provider: SecretsProvider | undefined;

/**
 * Where Redis's AUTH token comes from (decision 1620): `REDIS_AUTH_TOKEN` itself (tests), else
 * the secret at `REDIS_AUTH_TOKEN_ARN` through Powertools Parameters on the traced Secrets
 * Manager client (cached for the max age; a failed read is not cached), else none.
 */
export function redisAuthTokenSource(env: NodeJS.ProcessEnv): RedisAuthTokenSource | undefined {
  const direct = env[REDIS_AUTH_TOKEN_ENV];
  if (direct) return async () => direct;
  const arn = env[REDIS_AUTH_TOKEN_ARN_ENV];
  if (!arn) return undefined;
  const configured = Number(env.POWERTOOLS_PARAMETERS_MAX_AGE);
  const maxAge =
    Number.isFinite(configured) && configured > 0 ? configured : REDIS_AUTH_TOKEN_MAX_AGE_SECONDS;
  return async () => {
    provider ??= new SecretsProvider({ awsSdkV3Client: secretsManagerClient() });
    const value = await provider.get(arn, { maxAge });
    if (typeof value !== 'string' || !value) {
      throw new Error(`Secret ${arn} (${REDIS_AUTH_TOKEN_ARN_ENV}) has no string value`);
    }
    return value;
  };
}
