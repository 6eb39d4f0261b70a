import {
  bucketEnvVar,
  ACCESS_TOKEN_JWKS_ARN_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ARN_ENV,
  REDIS_AUTH_TOKEN_ARN_ENV,
  REDIS_URL_ENV,
  STAGE_ENV,
  streamEnvVar,
  tableEnvVar,
  type AppManifest,
  type FunctionSpec,
} from '@traced-social/manifest';
import { METRICS_NAMESPACE } from '../config/names';
import type { StageConfig } from '../config/stage';
import type { SharedRefs } from './shared-refs';

/**
 * A function's environment: Powertools settings, the stage, and one variable per shared resource
 * it touches (the names the local cloud sets too), then the manifest's own `environment`.
 */
export function functionEnvironment(
  app: AppManifest,
  fn: FunctionSpec,
  config: StageConfig,
  shared: SharedRefs,
  tracingEnvironment: Record<string, string>,
): Record<string, string> {
  const env: Record<string, string> = {
    POWERTOOLS_SERVICE_NAME: app.service,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: config.logLevel,
    POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: String(config.captureHttpsRequests),
    [STAGE_ENV]: config.stage,
    ...tracingEnvironment,
  };
  const uses = fn.uses ?? {};
  const tables = new Set(Object.keys(uses.tables ?? {}));
  if (fn.trigger.type === 'dynamodb-stream') tables.add(fn.trigger.table);
  for (const table of tables) env[tableEnvVar(table)] = shared.tableName(table);
  const streams = new Set(uses.publishes ?? []);
  if (fn.trigger.type === 'kinesis') streams.add(fn.trigger.stream);
  for (const stream of streams) env[streamEnvVar(stream)] = shared.streamName(stream);
  for (const bucket of Object.keys(uses.buckets ?? {})) {
    env[bucketEnvVar(bucket)] = shared.bucketName(bucket);
  }
  if (uses.redis) {
    env[REDIS_URL_ENV] = shared.redisUrl();
    env[REDIS_AUTH_TOKEN_ARN_ENV] = shared.redisAuthTokenArn();
  }
  if (uses.jwtSecret) env[ACCESS_TOKEN_JWKS_ARN_ENV] = shared.accessTokenJwksArn();
  if (uses.signsTokens) {
    env[ACCESS_TOKEN_SIGNING_KEY_ARN_ENV] = shared.accessTokenSigningKeyArn();
  }
  // The sampling controller's base rates are the stage's (as the local cloud's --sampling).
  if (uses.xraySampling) env.SAMPLING_PROFILE = config.stage;
  return { ...env, ...fn.environment };
}
