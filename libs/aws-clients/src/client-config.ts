/**
 * Settings shared by every AWS SDK v3 client of the backend. In AWS nothing is set: the SDK finds
 * region, credentials and endpoints itself. Locally the SDK's standard service endpoint variables
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_KINESIS`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, or `AWS_ENDPOINT_URL` for all) point at the emulators.
 */
export type AwsService = 'DYNAMODB' | 'KINESIS' | 'S3' | 'SECRETS_MANAGER';

/** The endpoint configured for a service, or undefined for the real AWS endpoint. */
export function configuredEndpoint(
  service: AwsService,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return env[`AWS_ENDPOINT_URL_${service}`] || env.AWS_ENDPOINT_URL || undefined;
}

/**
 * s3rver's built-in account; dynalite and kinesalite accept any key. Used only against a local
 * endpoint when no credentials are configured, so presigned URLs verify in s3rver.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface BaseClientConfig {
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  maxAttempts?: number;
}

/** Endpoint, region and (locally, when unset) credentials for one service's client. */
export function baseClientConfig(
  service: AwsService,
  env: NodeJS.ProcessEnv = process.env,
): BaseClientConfig {
  const endpoint = configuredEndpoint(service, env);
  if (!endpoint) return {};
  return {
    endpoint,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    credentials: env.AWS_ACCESS_KEY_ID ? undefined : { ...LOCAL_CREDENTIALS },
    // Emulators answer at once or not at all: fail fast instead of backing off for seconds.
    maxAttempts: 2,
  };
}
