import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  type KinesisClient,
  ResourceInUseException,
} from '@aws-sdk/client-kinesis';
import type { ResourcesSpec, TableSpec } from '@traced-social/manifest';
import { DynamoDbError, type DynamoWire } from '../dynamodb/wire';
import type { PhysicalNames } from './physical-names';

/**
 * Creates the tables and Kinesis streams of `resources`, idempotently: what exists is kept as is
 * (a changed key schema or index needs `--reset`). Each table with a `stream` also gets the hidden
 * Kinesis stream its DynamoDB stream records are kept in. Buckets are created by s3rver at start.
 */
export async function provisionResources(
  resources: ResourcesSpec,
  names: PhysicalNames,
  dynamo: DynamoWire,
  kinesis: KinesisClient,
): Promise<void> {
  for (const [logical, spec] of Object.entries(resources.tables)) {
    await createTable(dynamo, names.table(logical), spec);
    if (spec.stream) await createStream(kinesis, names.tableStream(logical), 1);
  }
  for (const [logical, spec] of Object.entries(resources.streams)) {
    await createStream(kinesis, names.stream(logical), spec.shardCount);
  }
}

async function createTable(dynamo: DynamoWire, tableName: string, spec: TableSpec): Promise<void> {
  const attributes = new Map<string, string>();
  const keySchema = (pk: TableSpec['partitionKey'], sk?: TableSpec['sortKey']): object[] => {
    attributes.set(pk.name, pk.type);
    if (sk) attributes.set(sk.name, sk.type);
    return [
      { AttributeName: pk.name, KeyType: 'HASH' },
      ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' }] : []),
    ];
  };
  const request = {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    ...(spec.globalSecondaryIndexes?.length
      ? {
          GlobalSecondaryIndexes: spec.globalSecondaryIndexes.map((gsi) => ({
            IndexName: gsi.indexName,
            KeySchema: keySchema(gsi.partitionKey, gsi.sortKey),
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
  };
  const AttributeDefinitions = [...attributes].map(([AttributeName, AttributeType]) => ({
    AttributeName,
    AttributeType,
  }));
  try {
    await dynamo.call('CreateTable', { ...request, AttributeDefinitions });
  } catch (error) {
    if (!(error instanceof DynamoDbError && error.type === 'ResourceInUseException')) throw error;
  }
  await waitUntil(async () => {
    const { Table } = await dynamo.call<{ Table: { TableStatus: string } }>('DescribeTable', {
      TableName: tableName,
    });
    return Table.TableStatus === 'ACTIVE';
  }, `table ${tableName} to become ACTIVE`);
}

async function createStream(kinesis: KinesisClient, name: string, shards: number): Promise<void> {
  try {
    await kinesis.send(new CreateStreamCommand({ StreamName: name, ShardCount: shards }));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await waitUntil(async () => {
    const { StreamDescriptionSummary } = await kinesis.send(
      new DescribeStreamSummaryCommand({ StreamName: name }),
    );
    return StreamDescriptionSummary?.StreamStatus === 'ACTIVE';
  }, `stream ${name} to become ACTIVE`);
}

async function waitUntil(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
