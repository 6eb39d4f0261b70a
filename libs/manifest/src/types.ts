/**
 * The one description of the backend's resources, functions, routes and event sources. The local
 * cloud and the CDK stacks both read it, so adding a handler never means editing two places.
 */

import type { ObjectivesSpec } from './objectives';

export type AttributeType = 'S' | 'N' | 'B';

export interface KeyAttribute {
  name: string;
  type: AttributeType;
}

export interface GlobalSecondaryIndexSpec {
  indexName: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
}

export type StreamViewType = 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE' | 'OLD_IMAGE' | 'KEYS_ONLY';

export interface TableSpec {
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  globalSecondaryIndexes?: GlobalSecondaryIndexSpec[];
  /** A DynamoDB stream on the table (the local cloud emulates it; dynalite has none). */
  stream?: StreamViewType;
  timeToLiveAttribute?: string;
}

export interface KinesisStreamSpec {
  shardCount: number;
  retentionHours?: number;
}

export interface BucketSpec {
  /** Allow browsers to PUT to presigned URLs from any origin. */
  corsUploads: boolean;
}

export interface ResourcesSpec<
  T extends string = string,
  S extends string = string,
  B extends string = string,
> {
  tables: Record<T, TableSpec>;
  streams: Record<S, KinesisStreamSpec>;
  buckets: Record<B, BucketSpec>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type StartingPosition = 'LATEST' | 'TRIM_HORIZON';

export interface ApiTrigger {
  type: 'api';
  method: HttpMethod;
  /** API Gateway resource path with `{name}` parameters, e.g. `/posts/{postId}`. */
  path: string;
  /** Whether the route needs a bearer JWT (the handler verifies it; this drives docs and tests). */
  auth?: boolean;
}

export interface EventSourceSettings {
  batchSize?: number;
  startingPosition?: StartingPosition;
  /** Retries of a failed batch before its records go to the dead-letter destination. */
  maxRetries?: number;
  bisectBatchOnError?: boolean;
}

export interface KinesisTrigger extends EventSourceSettings {
  type: 'kinesis';
  stream: string;
}

export interface DynamoDbStreamTrigger extends EventSourceSettings {
  type: 'dynamodb-stream';
  table: string;
}

export interface ScheduleTrigger {
  type: 'schedule';
  /** `rate(5 minutes)` or `cron(...)`, as EventBridge takes it. */
  expression: string;
}

export type Trigger = ApiTrigger | KinesisTrigger | DynamoDbStreamTrigger | ScheduleTrigger;

export type TableAccess = 'read' | 'write' | 'readwrite';

/** What a function touches: drives its environment locally and its IAM grants in AWS. */
export interface FunctionUses {
  tables?: Partial<Record<string, TableAccess>>;
  /** Streams the function publishes to (consuming comes from its trigger). */
  publishes?: string[];
  buckets?: Partial<Record<string, 'read' | 'write' | 'readwrite'>>;
  redis?: boolean;
  /**
   * Verifies access tokens: may read the public JWKS (the name predates asymmetric keys; it
   * grants no secret that signs anything, decision 1301).
   */
  jwtSecret?: boolean;
  /** Signs access tokens: may read the private signing key (the auth app's login and refresh). */
  signsTokens?: boolean;
  /**
   * Reads trace summaries and sampling rules from X-Ray and updates this stage's rules (the ops
   * sampling controller): `AWS_ENDPOINT_URL_XRAY` and `SAMPLING_PROFILE` locally, a policy
   * limited to the stage's rules in AWS.
   */
  xraySampling?: boolean;
}

export interface FunctionSpec {
  /** kebab-case, unique within the app; the bundle and the Lambda function are named after it. */
  name: string;
  /** Source file relative to the app root, exporting `handler`: `src/handlers/create-post.ts`. */
  entry: string;
  /** UPPER_SNAKE operation type, the `operationType` annotation of every trace of this function. */
  operationType: string;
  trigger: Trigger;
  uses?: FunctionUses;
  timeoutSeconds?: number;
  memoryMb?: number;
  environment?: Record<string, string>;
  /** Availability and latency objectives (SLOs); defaults by trigger type (objectives.ts). */
  objectives?: ObjectivesSpec;
}

export interface AppManifest {
  /** The Nx project name, e.g. `posts`. */
  app: string;
  /** POWERTOOLS_SERVICE_NAME of every function of the app. */
  service: string;
  functions: FunctionSpec[];
}
