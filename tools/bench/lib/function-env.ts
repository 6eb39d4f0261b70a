import {
  bucketEnvVar,
  ACCESS_TOKEN_JWKS_ARN_ENV,
  ACCESS_TOKEN_SIGNING_KEY_ARN_ENV,
  REDIS_URL_ENV,
  resources,
  STAGE_ENV,
  streamEnvVar,
  tableEnvVar,
} from '@traced-social/manifest';

/**
 * An environment in which any handler module can be imported as in Lambda: every resource name
 * the manifest conventions define, and Lambda's own variables (so Powertools initialises as it
 * would there). Nothing is called: the endpoints need not exist.
 */
export function lambdaImportEnv(functionName: string, handler: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    [STAGE_ENV]: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: '/var/task',
    _HANDLER: handler,
    POWERTOOLS_SERVICE_NAME: functionName,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    [REDIS_URL_ENV]: 'redis://127.0.0.1:6379',
    [ACCESS_TOKEN_JWKS_ARN_ENV]: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-jwks',
    [ACCESS_TOKEN_SIGNING_KEY_ARN_ENV]:
      'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench-signing-key',
  };
  for (const table of Object.keys(resources.tables)) env[tableEnvVar(table)] = `bench-${table}`;
  for (const stream of Object.keys(resources.streams))
    env[streamEnvVar(stream)] = `bench-${stream}`;
  for (const bucket of Object.keys(resources.buckets))
    env[bucketEnvVar(bucket)] = `bench-${bucket}`;
  return env;
}
