import {
  bucketEnvVar,
  ACCESS_TOKEN_JWKS_ARN_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ARN_ENV,
  REDIS_URL_ENV,
  STAGE_ENV,
  streamEnvVar,
  tableEnvVar,
  type BundledTracingBackend,
  type FunctionSpec,
} from '@traced-social/manifest';
import type { PhysicalNames } from '../resources/physical-names';
import { LOCAL_CREDENTIALS } from '../emulators/clients';

export interface SharedEnvironment {
  region: string;
  stage: string;
  names: PhysicalNames;
  endpoints: { dynamodb: string; kinesis: string; s3: string; secretsManager: string };
  /** `host:port` of the collector's UDP listener. */
  daemonAddress: string;
  redisUrl: string;
  /** ARNs of the access-token key secrets in the local Secrets Manager. */
  accessTokenKeys: { signingKeyArn: string; jwksArn: string };
  /** `xray` or `otel`: which backend of libs/observability the function uses. */
  tracingBackend: BundledTracingBackend;
  /** The collector's HTTP base URL (the OpenTelemetry backend exports there). */
  collectorUrl: string;
  /** Which stage's sampling rates the collector's rules started from (`--sampling`). */
  samplingProfile: string;
}

/**
 * The environment of one function, as Lambda and the CDK stacks would give it: Lambda's own
 * variables (which Powertools and the X-Ray SDK read), the resources the function declares in its
 * manifest (`uses` and its trigger) and nothing else, the emulators' endpoints through the AWS SDK's
 * standard `AWS_ENDPOINT_URL_<SERVICE>` variables, and dummy credentials.
 */
export function functionEnvironment(
  shared: SharedEnvironment,
  service: string,
  functionName: string,
  spec: FunctionSpec,
  taskRoot: string,
): Record<string, string> {
  const { names } = shared;
  const memory = spec.memoryMb ?? DEFAULT_MEMORY_MB;
  const env: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memory),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_LAMBDA_LOG_STREAM_NAME: `local/[$LATEST]${functionName}`,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    LAMBDA_TASK_ROOT: taskRoot,
    LAMBDA_RUNTIME_DIR: taskRoot,
    _HANDLER: 'index.handler',
    AWS_REGION: shared.region,
    AWS_DEFAULT_REGION: shared.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: shared.endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: shared.endpoints.kinesis,
    AWS_ENDPOINT_URL_S3: shared.endpoints.s3,
    AWS_XRAY_DAEMON_ADDRESS: shared.daemonAddress,
    _AWS_XRAY_DAEMON_ADDRESS: shared.daemonAddress.split(':')[0],
    _AWS_XRAY_DAEMON_PORT: shared.daemonAddress.split(':')[1],
    AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
    POWERTOOLS_SERVICE_NAME: service,
    TRACING_BACKEND: shared.tracingBackend,
    // The OpenTelemetry backend sends its spans as segment documents to the daemon address, as it
    // does in Lambda (decision 1903). The collector takes OTLP/HTTP too, for a function whose
    // environment switches the export back to `otlp`.
    OBSERVABILITY_OTEL_EXPORT: 'xray-daemon',
    OTEL_EXPORTER_OTLP_ENDPOINT: shared.collectorUrl,
    [STAGE_ENV]: shared.stage,
    TZ: 'UTC',
  };
  for (const table of Object.keys(spec.uses?.tables ?? {}))
    env[tableEnvVar(table)] = names.table(table);
  for (const stream of spec.uses?.publishes ?? []) env[streamEnvVar(stream)] = names.stream(stream);
  for (const bucket of Object.keys(spec.uses?.buckets ?? {}))
    env[bucketEnvVar(bucket)] = names.bucket(bucket);
  if (spec.trigger.type === 'kinesis')
    env[streamEnvVar(spec.trigger.stream)] = names.stream(spec.trigger.stream);
  if (spec.trigger.type === 'dynamodb-stream')
    env[tableEnvVar(spec.trigger.table)] = names.table(spec.trigger.table);
  if (spec.uses?.redis) env[REDIS_URL_ENV] = shared.redisUrl;
  if (spec.uses?.jwtSecret) env[ACCESS_TOKEN_JWKS_ARN_ENV] = shared.accessTokenKeys.jwksArn;
  if (spec.uses?.signsTokens) {
    env[ACCESS_TOKEN_SIGNING_KEY_ARN_ENV] = shared.accessTokenKeys.signingKeyArn;
  }
  if (spec.uses?.xraySampling) {
    // The collector is the X-Ray API; the base rates are those the rules were created with.
    env.AWS_ENDPOINT_URL_XRAY = shared.collectorUrl;
    env.SAMPLING_PROFILE = shared.samplingProfile;
  }
  if (spec.uses?.jwtSecret || spec.uses?.signsTokens) {
    env.AWS_ENDPOINT_URL_SECRETS_MANAGER = shared.endpoints.secretsManager;
    // Keys are re-read every few seconds here (5 minutes in AWS): a rotation shows at once.
    env.POWERTOOLS_PARAMETERS_MAX_AGE = String(LOCAL_KEYS_MAX_AGE_SECONDS);
  }
  return { ...env, ...spec.environment };
}

/** How long a local function keeps the access-token keys it read (decision 1301). */
export const LOCAL_KEYS_MAX_AGE_SECONDS = 2;

/** Lambda's defaults when a function does not set them. */
export const DEFAULT_MEMORY_MB = 128;
export const DEFAULT_TIMEOUT_SECONDS = 10;
