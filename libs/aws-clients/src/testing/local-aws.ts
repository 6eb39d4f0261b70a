import {
  CreateTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
  waitUntilStreamExists,
  type _Record as KinesisRecord,
} from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import {
  bucketEnvVar,
  resources,
  streamEnvVar,
  tableEnvVar,
  type TableSpec,
} from '@traced-social/manifest';
import { LOCAL_CREDENTIALS } from '../client-config';
import { startDynalite, startKinesalite, startS3rver, type RunningEmulator } from './emulators';

/**
 * Test kit: dynalite, kinesalite and s3rver started in-process on random ports, with every
 * table, stream and bucket of the shared manifest created under a unique prefix. `env` holds the
 * variables a handler reads (the SDK's endpoint variables and the `TABLE_*`/`STREAM_*`/`BUCKET_*`
 * names); plain (untraced) clients are there for the test's own setup and read-backs.
 */
export interface LocalAws {
  env: Record<string, string>;
  dynamodb: DynamoDBDocumentClient;
  kinesis: KinesisClient;
  s3: S3Client;
  tableName(table: keyof typeof resources.tables): string;
  streamName(stream: keyof typeof resources.streams): string;
  bucketName(bucket: keyof typeof resources.buckets): string;
  /** Every domain event record on a stream so far, oldest first per shard. */
  readStream(stream: keyof typeof resources.streams): Promise<Uint8Array[]>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

export async function startLocalAws(prefix = `t${Date.now().toString(36)}`): Promise<LocalAws> {
  const emulators: RunningEmulator[] = [];
  try {
    const bucketNames = Object.fromEntries(
      Object.keys(resources.buckets).map((b) => [b, `${prefix}-${b}`.toLowerCase()]),
    );
    const [ddb, kin, s3] = await Promise.all([
      startDynalite(),
      startKinesalite(),
      startS3rver(Object.values(bucketNames)),
    ]);
    emulators.push(ddb, kin, s3);
    const common = { region: REGION, credentials: { ...LOCAL_CREDENTIALS } };
    const rawDynamo = new DynamoDBClient({ ...common, endpoint: ddb.endpoint });
    const kinesis = new KinesisClient({
      ...common,
      endpoint: kin.endpoint,
      requestHandler: new NodeHttpHandler(),
    });
    const s3Client = new S3Client({
      ...common,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });

    const tableNames: Record<string, string> = {};
    for (const [name, spec] of Object.entries(resources.tables)) {
      tableNames[name] = `${prefix}-${name}`;
      await rawDynamo.send(new CreateTableCommand(createTableInput(tableNames[name], spec)));
    }
    const streamNames: Record<string, string> = {};
    for (const [name, spec] of Object.entries(resources.streams)) {
      streamNames[name] = `${prefix}-${name}`;
      await kinesis.send(
        new CreateStreamCommand({ StreamName: streamNames[name], ShardCount: spec.shardCount }),
      );
      await waitUntilStreamExists(
        { client: kinesis, maxWaitTime: 30, minDelay: 0.1, maxDelay: 0.5 },
        { StreamName: streamNames[name] },
      );
    }

    const env: Record<string, string> = {
      AWS_REGION: REGION,
      AWS_ENDPOINT_URL_DYNAMODB: ddb.endpoint,
      AWS_ENDPOINT_URL_KINESIS: kin.endpoint,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
    };
    for (const [name, table] of Object.entries(tableNames)) env[tableEnvVar(name)] = table;
    for (const [name, stream] of Object.entries(streamNames)) env[streamEnvVar(name)] = stream;
    for (const [name, bucket] of Object.entries(bucketNames)) env[bucketEnvVar(name)] = bucket;

    return {
      env,
      dynamodb: DynamoDBDocumentClient.from(rawDynamo),
      kinesis,
      s3: s3Client,
      tableName: (table) => tableNames[table],
      streamName: (stream) => streamNames[stream],
      bucketName: (bucket) => bucketNames[bucket],
      readStream: async (stream) =>
        (await readStreamFromStart(kinesis, streamNames[stream])).flatMap((record) =>
          record.Data ? [record.Data] : [],
        ),
      stop: async () => {
        rawDynamo.destroy();
        kinesis.destroy();
        s3Client.destroy();
        await Promise.all(emulators.map((e) => e.stop()));
      },
    };
  } catch (error) {
    await Promise.all(emulators.map((e) => e.stop()));
    throw error;
  }
}

/** The CreateTable request for a manifest table (on-demand billing, GSIs projecting all). */
export function createTableInput(tableName: string, spec: TableSpec): CreateTableCommandInput {
  const attributes = new Map<string, string>();
  const keySchema = (pk: { name: string; type: string }, sk?: { name: string; type: string }) => {
    attributes.set(pk.name, pk.type);
    if (sk) attributes.set(sk.name, sk.type);
    return [
      { AttributeName: pk.name, KeyType: 'HASH' as const },
      ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
    ];
  };
  const KeySchema = keySchema(spec.partitionKey, spec.sortKey);
  const GlobalSecondaryIndexes = spec.globalSecondaryIndexes?.map((gsi) => ({
    IndexName: gsi.indexName,
    KeySchema: keySchema(gsi.partitionKey, gsi.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema,
    AttributeDefinitions: [...attributes].map(([AttributeName, type]) => ({
      AttributeName,
      AttributeType: type as 'S' | 'N' | 'B',
    })),
    ...(GlobalSecondaryIndexes?.length ? { GlobalSecondaryIndexes } : {}),
  };
}

/**
 * Every record of a Kinesis stream from its start (TRIM_HORIZON), shard by shard, as the emulator
 * holds it now: for tests that check what was published.
 */
export async function readStreamFromStart(
  kinesis: KinesisClient,
  streamName: string,
): Promise<KinesisRecord[]> {
  const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  const records: KinesisRecord[] = [];
  for (const shard of Shards) {
    let { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: streamName,
        ShardId: shard.ShardId,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    while (ShardIterator) {
      const page = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
      records.push(...(page.Records ?? []));
      // An open shard always hands out a next iterator: stop at the first empty page.
      ShardIterator = page.Records?.length ? page.NextShardIterator : undefined;
    }
  }
  return records;
}
