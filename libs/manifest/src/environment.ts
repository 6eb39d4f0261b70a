/**
 * Names of the environment variables through which a function learns its resources. The local
 * cloud and the CDK stacks set them; `@traced-social/manifest` helpers read them.
 */
export const tableEnvVar = (table: string): string => `TABLE_${toEnvSuffix(table)}`;
export const streamEnvVar = (stream: string): string => `STREAM_${toEnvSuffix(stream)}`;
export const bucketEnvVar = (bucket: string): string => `BUCKET_${toEnvSuffix(bucket)}`;

/** Redis connection URL (`redis://host:port`); ElastiCache's endpoint in AWS. */
export const REDIS_URL_ENV = 'REDIS_URL';
/**
 * Redis's AUTH token (decision 1620): the ARN of its secret (AWS: read through Powertools
 * Parameters before connecting) or, in tests and the local cloud, the token itself. Neither set:
 * no AUTH, as a local Redis.
 */
export const REDIS_AUTH_TOKEN_ARN_ENV = 'REDIS_AUTH_TOKEN_ARN';
export const REDIS_AUTH_TOKEN_ENV = 'REDIS_AUTH_TOKEN';
/**
 * Access-token keys (decision 1301): the private signing key (a JWK; only functions with
 * `uses.signsTokens`) and the public JWKS (functions with `uses.jwtSecret`, i.e. every verifier).
 * Each is given as the secret's ARN (AWS and the local cloud: read through Powertools
 * Parameters) or, in unit tests, as the JSON itself.
 */
export const ACCESS_TOKEN_SIGNING_KEY_ARN_ENV = 'ACCESS_TOKEN_SIGNING_KEY_ARN';
export const ACCESS_TOKEN_SIGNING_KEY_ENV = 'ACCESS_TOKEN_SIGNING_KEY';
export const ACCESS_TOKEN_JWKS_ARN_ENV = 'ACCESS_TOKEN_JWKS_ARN';
export const ACCESS_TOKEN_JWKS_ENV = 'ACCESS_TOKEN_JWKS';

/** The names of the two access-token key secrets of a stage (the CDK stacks and the local cloud). */
export const accessTokenSecretNames = (stage: string): { signingKey: string; jwks: string } => ({
  signingKey: `traced-social/${stage}/access-token-signing-key`,
  jwks: `traced-social/${stage}/access-token-jwks`,
});
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
