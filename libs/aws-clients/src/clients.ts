import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { captureAwsClient } from '@traced-social/observability';
import { baseClientConfig } from './client-config';

/** A DynamoDB client (traced). Prefer the memoised `documentClient()`. */
export function createDynamoDbClient(env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  return captureAwsClient(new DynamoDBClient(baseClientConfig('DYNAMODB', env)));
}

/** The document client (plain JS values in and out), empty strings and undefined removed. */
export function createDocumentClient(env: NodeJS.ProcessEnv = process.env): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** A Kinesis client (traced), on HTTP/1.1 as every client (see `baseClientConfig`). */
export function createKinesisClient(env: NodeJS.ProcessEnv = process.env): KinesisClient {
  return captureAwsClient(new KinesisClient(baseClientConfig('KINESIS', env)));
}

/**
 * An S3 client (traced). Checksums only when S3 requires them: the default mode corrupts
 * streamed uploads in s3rver and signs an empty-body checksum into presigned PUT URLs (wrong
 * for real S3 as well). Path-style addressing locally (no bucket subdomains on 127.0.0.1).
 */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const base = baseClientConfig('S3', env);
  return captureAwsClient(
    new S3Client({
      ...base,
      forcePathStyle: Boolean(base.endpoint),
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    }),
  );
}

export function createSecretsManagerClient(
  env: NodeJS.ProcessEnv = process.env,
): SecretsManagerClient {
  return captureAwsClient(new SecretsManagerClient(baseClientConfig('SECRETS_MANAGER', env)));
}

/**
 * One client per container: created on first use (after Lambda's environment is in place) and
 * reused by every invocation, as AWS recommends (connection reuse, no per-request setup).
 */
function once<T>(create: () => T): () => T {
  let instance: T | undefined;
  return () => (instance ??= create());
}

// `#__PURE__`: creating the accessor has no effect, so a bundle whose handler never calls one
// leaves it — and its AWS SDK client package — out (esbuild keeps unmarked top-level calls).
export const documentClient = /* #__PURE__ */ once(() => createDocumentClient());
export const kinesisClient = /* #__PURE__ */ once(() => createKinesisClient());
export const s3Client = /* #__PURE__ */ once(() => createS3Client());
export const secretsManagerClient = /* #__PURE__ */ once(() => createSecretsManagerClient());
