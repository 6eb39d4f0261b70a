import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Settings shared by every AWS SDK v3 client of the backend. In AWS nothing is set: the SDK finds
 * region, credentials and endpoints itself. Locally the SDK's standard service endpoint variables
 * (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_KINESIS`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`, `AWS_ENDPOINT_URL_XRAY`, or `AWS_ENDPOINT_URL` for all)
 * point at the emulators and the local collector.
 */
export type AwsService = 'DYNAMODB' | 'KINESIS' | 'S3' | 'SECRETS_MANAGER' | 'XRAY';

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
  maxAttempts: number;
  retryMode: 'standard';
  requestHandler: NodeHttpHandler;
}

/**
 * Bounds of every AWS SDK call, so a stuck connection or answer fails the call (and its retry
 * runs) instead of waiting for the Lambda timeout. `connectionTimeout`: TCP and TLS set-up;
 * `requestTimeout`: the socket idle while waiting for the answer. Locally they are looser: the
 * emulators share two cores with the tests and everything else.
 */
export const SDK_TIMEOUTS = {
  aws: { connectionTimeout: 1_000, requestTimeout: 5_000 },
  local: { connectionTimeout: 5_000, requestTimeout: 30_000 },
} as const;

/**
 * Endpoint, region and (locally, when unset) credentials for one service's client, with bounded
 * timeouts and the SDK's `standard` retry mode (exponential backoff with full jitter and a retry
 * quota that stops retrying when a service keeps failing): 3 attempts in AWS, 2 locally.
 * Every client speaks HTTP/1.1 (`NodeHttpHandler`): kinesalite fails on the SDK's default HTTP/2
 * for Kinesis, and nothing here needs HTTP/2 (SubscribeToShard is not used).
 */
export function baseClientConfig(
  service: AwsService,
  env: NodeJS.ProcessEnv = process.env,
): BaseClientConfig {
  const endpoint = configuredEndpoint(service, env);
  const retries = { retryMode: 'standard' as const };
  if (!endpoint) {
    return { ...retries, maxAttempts: 3, requestHandler: new NodeHttpHandler(SDK_TIMEOUTS.aws) };
  }
  return {
    ...retries,
    endpoint,
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    credentials: localCredentials(service, env),
    // Emulators answer at once or not at all: fail fast instead of backing off for seconds.
    maxAttempts: 2,
    requestHandler: new NodeHttpHandler(SDK_TIMEOUTS.local),
  };
}

/**
 * The emulators' account against a local endpoint when the environment names no credentials;
 * undefined otherwise (the SDK's default chain finds them).
 */
export function localCredentials(
  service: AwsService,
  env: NodeJS.ProcessEnv = process.env,
): BaseClientConfig['credentials'] {
  return configuredEndpoint(service, env) && !env.AWS_ACCESS_KEY_ID
    ? { ...LOCAL_CREDENTIALS }
    : undefined;
}
