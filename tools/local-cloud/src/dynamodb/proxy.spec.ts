import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactGetItemsCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  DeleteItemCommand,
  BatchWriteItemCommand,
} from '@aws-sdk/client-dynamodb';
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { resources } from '@traced-social/manifest';
import { LOCAL_CREDENTIALS, localKinesisClient } from '../emulators/clients';
import { startDynalite, type RunningEmulator } from '../emulators/dynalite';
import { startKinesalite } from '../emulators/kinesalite';
import { physicalNames } from '../resources/physical-names';
import { provisionResources } from '../resources/provision';
import { startDynamoDbProxy, type DynamoDbProxy } from './proxy';
import type { StreamRecordDraft } from './stream-records';
import { TableStreams } from './table-streams';
import { DynamoWire } from './wire';

const region = 'us-east-1';
const names = physicalNames('test', region);
const posts = names.table('posts'); // has a NEW_AND_OLD_IMAGES stream
const users = names.table('users'); // has none

describe('DynamoDB proxy (transactions and streams on dynalite)', () => {
  let dir: string;
  let dynalite: RunningEmulator;
  let kinesalite: RunningEmulator;
  let proxy: DynamoDbProxy;
  let client: DynamoDBClient;
  const kinesis = (): ReturnType<typeof localKinesisClient> =>
    localKinesisClient(kinesalite.endpoint, region);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-cloud-proxy-'));
    dynalite = await startDynalite('127.0.0.1', 0, join(dir, 'ddb'));
    kinesalite = await startKinesalite('127.0.0.1', 0, join(dir, 'kinesis'));
    const wire = new DynamoWire(dynalite.endpoint);
    await provisionResources(resources, names, wire, kinesis());
    const streams = new TableStreams(
      new Map([
        [
          posts,
          {
            viewType: 'NEW_AND_OLD_IMAGES',
            region,
            streamArn: names.tableStreamArn('posts'),
            kinesisStream: names.tableStream('posts'),
          },
        ],
      ]),
      kinesis(),
      join(dir, 'undelivered.jsonl'),
      () => undefined,
    );
    proxy = await startDynamoDbProxy({ host: '127.0.0.1', port: 0, dynalite: wire, streams });
    client = new DynamoDBClient({
      endpoint: proxy.endpoint,
      region,
      credentials: LOCAL_CREDENTIALS,
    });
  });

  afterAll(async () => {
    client?.destroy();
    await proxy?.stop();
    await kinesalite?.stop();
    await dynalite?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = async (table: string, pk: string): Promise<Record<string, unknown> | undefined> =>
    (
      await client.send(
        new GetItemCommand({
          TableName: table,
          Key: { pk: { S: pk }, sk: { S: 'A' } },
          ConsistentRead: true,
        }),
      )
    ).Item;

  async function streamRecords(): Promise<StreamRecordDraft[]> {
    const k = kinesis();
    const { Shards } = await k.send(
      new ListShardsCommand({ StreamName: names.tableStream('posts') }),
    );
    const { ShardIterator } = await k.send(
      new GetShardIteratorCommand({
        StreamName: names.tableStream('posts'),
        ShardId: Shards![0].ShardId!,
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records } = await k.send(new GetRecordsCommand({ ShardIterator }));
    k.destroy();
    return (Records ?? []).map(
      (r) => JSON.parse(Buffer.from(r.Data!).toString('utf8')) as StreamRecordDraft,
    );
  }

  it('applies a transaction whose conditions all hold, across tables', async () => {
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: users,
              Item: { pk: { S: 'u1' }, sk: { S: 'A' }, name: { S: 'ann' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: { TableName: posts, Item: { pk: { S: 'p1' }, sk: { S: 'A' }, likes: { N: '0' } } },
          },
        ],
      }),
    );
    expect(await get(users, 'u1')).toEqual({ pk: { S: 'u1' }, sk: { S: 'A' }, name: { S: 'ann' } });
    expect(await get(posts, 'p1')).toEqual({ pk: { S: 'p1' }, sk: { S: 'A' }, likes: { N: '0' } });
  });

  it('writes nothing when one condition fails, and says which one', async () => {
    const attempt = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          {
            Put: {
              TableName: users,
              Item: { pk: { S: 'u2' }, sk: { S: 'A' } },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: posts,
              Key: { pk: { S: 'p1' }, sk: { S: 'A' } },
              UpdateExpression: 'SET likes = likes + :one',
              ConditionExpression: 'likes > :limit',
              ExpressionAttributeValues: { ':one': { N: '1' }, ':limit': { N: '5' } },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          {
            ConditionCheck: {
              TableName: users,
              Key: { pk: { S: 'u1' }, sk: { S: 'A' } },
              ConditionExpression: 'attribute_exists(pk)',
            },
          },
        ],
      }),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    const reasons = (error as TransactionCanceledException).CancellationReasons;
    expect(reasons?.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed', 'None']);
    expect(reasons?.[1].Item).toEqual({ pk: { S: 'p1' }, sk: { S: 'A' }, likes: { N: '0' } });
    expect(await get(users, 'u2')).toBeUndefined();
    expect(await get(posts, 'p1')).toEqual({ pk: { S: 'p1' }, sk: { S: 'A' }, likes: { N: '0' } });
  });

  it('undoes the writes already made when a later write of the transaction fails', async () => {
    const attempt = client.send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: users, Item: { pk: { S: 'u3' }, sk: { S: 'A' } } } },
          { Delete: { TableName: users, Key: { pk: { S: 'u1' }, sk: { S: 'A' } } } },
          // ADD of a number to a string attribute fails only when applied.
          {
            Update: {
              TableName: posts,
              Key: { pk: { S: 'p1' }, sk: { S: 'A' } },
              UpdateExpression: 'SET likes = :s ADD #n :one',
              ExpressionAttributeNames: { '#n': 'name' },
              ExpressionAttributeValues: { ':s': { S: 'x' }, ':one': { S: 'bad' } },
            },
          },
        ],
      }),
    );
    const error = await attempt.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransactionCanceledException);
    expect(await get(users, 'u3')).toBeUndefined();
    expect(await get(users, 'u1')).toBeDefined();
    expect(await get(posts, 'p1')).toEqual({ pk: { S: 'p1' }, sk: { S: 'A' }, likes: { N: '0' } });
  });

  it('refuses two operations on one item', async () => {
    const error = await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName: users, Item: { pk: { S: 'u9' }, sk: { S: 'A' } } } },
            { Delete: { TableName: users, Key: { pk: { S: 'u9' }, sk: { S: 'A' } } } },
          ],
        }),
      )
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('ValidationException');
    expect(await get(users, 'u9')).toBeUndefined();
  });

  it('reads several items at once with TransactGetItems', async () => {
    const { Responses } = await client.send(
      new TransactGetItemsCommand({
        TransactItems: [
          {
            Get: {
              TableName: users,
              Key: { pk: { S: 'u1' }, sk: { S: 'A' } },
              ProjectionExpression: '#n',
              ExpressionAttributeNames: { '#n': 'name' },
            },
          },
          { Get: { TableName: users, Key: { pk: { S: 'nobody' }, sk: { S: 'A' } } } },
        ],
      }),
    );
    expect(Responses).toEqual([{ Item: { name: { S: 'ann' } } }, {}]);
  });

  it('turns each committed write on a streamed table into a stream record with exact images', async () => {
    const key = { pk: { S: 'p2' }, sk: { S: 'A' } };
    await client.send(
      new PutItemCommand({ TableName: posts, Item: { ...key, text: { S: 'hi' } } }),
    );
    await client.send(
      new PutItemCommand({ TableName: posts, Item: { ...key, text: { S: 'hi' } } }),
    ); // no change
    await client.send(
      new UpdateItemCommand({
        TableName: posts,
        Key: key,
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'text' },
        ExpressionAttributeValues: { ':t': { S: 'edited' } },
      }),
    );
    await client
      .send(
        new PutItemCommand({
          TableName: posts,
          Item: { ...key, x: { S: 'no' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      )
      .catch(() => undefined); // fails: no record
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [posts]: [{ PutRequest: { Item: { pk: { S: 'p3' }, sk: { S: 'A' } } } }] },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: posts, Key: key }));
    await client.send(new DeleteItemCommand({ TableName: posts, Key: key })); // nothing to delete
    const records = (await streamRecords()).filter((r) =>
      ['p2', 'p3'].includes((r.dynamodb.Keys.pk as { S: string }).S),
    );
    expect(records.map((r) => [r.eventName, (r.dynamodb.Keys.pk as { S: string }).S])).toEqual([
      ['INSERT', 'p2'],
      ['MODIFY', 'p2'],
      ['INSERT', 'p3'],
      ['REMOVE', 'p2'],
    ]);
    // The committed transaction wrote p1 once; the cancelled and undone ones left no record.
    const p1 = (await streamRecords()).filter(
      (r) => (r.dynamodb.Keys.pk as { S: string }).S === 'p1',
    );
    expect(p1.map((r) => r.eventName)).toEqual(['INSERT']);
    expect(records[1].dynamodb.OldImage).toEqual({ ...key, text: { S: 'hi' } });
    expect(records[1].dynamodb.NewImage).toEqual({ ...key, text: { S: 'edited' } });
    expect(records[3].dynamodb.OldImage).toEqual({ ...key, text: { S: 'edited' } });
    expect(records[3].dynamodb.NewImage).toBeUndefined();
    expect(records[0]).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: names.tableStreamArn('posts'),
      dynamodb: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });
});
