/**
 * Names of the environment variables through which a function learns its resources. The local
 * cloud and the CDK stacks set them; `@traced-social/manifest` helpers read them.
 */
export const tableEnvVar = (table: string): string => `TABLE_${toEnvSuffix(table)}`;
export const streamEnvVar = (stream: string): string => `STREAM_${toEnvSuffix(stream)}`;
export const bucketEnvVar = (bucket: string): string => `BUCKET_${toEnvSuffix(bucket)}`;

/** Redis connection URL (`redis://host:port`); ElastiCache's endpoint in AWS. */
export const REDIS_URL_ENV = 'REDIS_URL';
/** Local runs: the HS256 JWT secret itself. */
export const JWT_SECRET_ENV = 'JWT_SECRET';
/** AWS: the Secrets Manager ARN holding the JWT secret. */
export const JWT_SECRET_ARN_ENV = 'JWT_SECRET_ARN';
export const STAGE_ENV = 'STAGE';

function toEnvSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

/** Reads a required environment variable, failing with a message that names it. */
export function requireEnv(name: string, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export const tableName = (table: string, env: NodeJS.ProcessEnv = process.env): string =>
  requireEnv(tableEnvVar(table), env);
export const streamName = (stream: string, env: NodeJS.ProcessEnv = process.env): string =>
  requireEnv(streamEnvVar(stream), env);
export const bucketName = (bucket: string, env: NodeJS.ProcessEnv = process.env): string =>
  requireEnv(bucketEnvVar(bucket), env);
