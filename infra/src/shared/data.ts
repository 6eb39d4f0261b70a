import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  StreamViewType,
  Table,
  TableEncryption,
  type Attribute,
} from 'aws-cdk-lib/aws-dynamodb';
import { Stream, StreamEncryption, StreamMode } from 'aws-cdk-lib/aws-kinesis';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  HttpMethods,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage';
import type {
  BucketSpec,
  KeyAttribute,
  KinesisStreamSpec,
  TableSpec,
} from '@traced-social/manifest';

const attribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY }[key.type],
});

/**
 * A table of the manifest: on-demand, point-in-time recovery, its GSIs, stream and TTL; with
 * deletion protection where data is retained (a stack update cannot drop it either).
 */
export function createTable(
  scope: Construct,
  name: string,
  spec: TableSpec,
  removalPolicy: RemovalPolicy,
  deletionProtection: boolean,
): Table {
  const table = new Table(scope, `Table:${name}`, {
    partitionKey: attribute(spec.partitionKey),
    sortKey: spec.sortKey && attribute(spec.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    stream: spec.stream && StreamViewType[spec.stream],
    timeToLiveAttribute: spec.timeToLiveAttribute,
    deletionProtection,
    removalPolicy,
  });
  for (const index of spec.globalSecondaryIndexes ?? []) {
    table.addGlobalSecondaryIndex({
      indexName: index.indexName,
      partitionKey: attribute(index.partitionKey),
      sortKey: index.sortKey && attribute(index.sortKey),
    });
  }
  return table;
}

/** How long a stream keeps records on a stage: the stage's override, else the manifest's. */
export const streamRetention = (spec: KinesisStreamSpec, config: StageConfig): Duration =>
  Duration.hours(config.streamRetentionHours ?? spec.retentionHours ?? 24);

/** A Kinesis stream of the manifest, encrypted with the AWS-managed key. */
export function createStream(
  scope: Construct,
  name: string,
  spec: KinesisStreamSpec,
  config: StageConfig,
  removalPolicy: RemovalPolicy,
): Stream {
  const stream = new Stream(scope, `Stream:${name}`, {
    streamMode: StreamMode.PROVISIONED,
    shardCount: spec.shardCount,
    retentionPeriod: streamRetention(spec, config),
    encryption: StreamEncryption.MANAGED,
  });
  stream.applyRemovalPolicy(removalPolicy);
  return stream;
}

/** Parts of an upload never completed are billed until deleted: a day is plenty to finish. */
const abortIncompleteUploads = { abortIncompleteMultipartUploadAfter: Duration.days(1) };

/**
 * A bucket of the manifest: private (public access blocked, TLS only, S3-managed encryption),
 * access-logged, incomplete multipart uploads aborted, and with CORS for the stage's web origins
 * PUTting to presigned URLs when the spec asks for it (no origins: no CORS rule).
 */
export function createBucket(
  scope: Construct,
  name: string,
  spec: BucketSpec,
  accessLogs: Bucket,
  removalPolicy: RemovalPolicy,
  webOrigins: string[],
): Bucket {
  return new Bucket(scope, `Bucket:${name}`, {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: `${name}/`,
    lifecycleRules: [abortIncompleteUploads],
    cors:
      spec.corsUploads && webOrigins.length
        ? [
            {
              allowedMethods: [HttpMethods.PUT],
              allowedOrigins: webOrigins,
              allowedHeaders: ['Content-Type', 'Content-Length', 'Content-MD5'],
              exposedHeaders: ['ETag'],
              maxAge: 3000,
            },
          ]
        : undefined,
    removalPolicy,
    autoDeleteObjects: false,
  });
}

/** The bucket receiving the server access logs of the other buckets. */
export function createAccessLogsBucket(scope: Construct, removalPolicy: RemovalPolicy): Bucket {
  return new Bucket(scope, 'AccessLogs', {
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    encryption: BucketEncryption.S3_MANAGED,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
    lifecycleRules: [{ expiration: Duration.days(90), ...abortIncompleteUploads }],
    removalPolicy,
  });
}
