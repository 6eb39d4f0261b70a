import {
  ScanCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { resources } from '@traced-social/manifest';
import { batchWriteWithRetries, UnprocessedWritesError, type WriteRequest } from './batch-writes';
import { useDynaliteTable } from './testing';

describe('batchWriteWithRetries (dynalite)', () => {
  const table = 'batch-feeds';
  const client = useDynaliteTable(table, resources.tables.feeds);

  const puts = (n: number, prefix: string): WriteRequest[] =>
    Array.from({ length: n }, (_, i) => ({
      PutRequest: { Item: { pk: `${prefix}#${i}`, sk: 'ENTRY', n: i } },
    }));
  const count = async (prefix: string) =>
    ((await client.send(new ScanCommand({ TableName: table }))).Items ?? []).filter((item) =>
      String(item.pk).startsWith(`${prefix}#`),
    ).length;

  it('writes more than 25 requests in chunks of 25', async () => {
    const report = await batchWriteWithRetries(table, puts(60, 'chunks'), { client });
    expect(report).toEqual({ requests: 60, calls: 3, retried: 0 });
    expect(await count('chunks')).toBe(60);
  });

  it('retries the items DynamoDB hands back as unprocessed until all are written', async () => {
    // A client that lets DynamoDB write only the first 10 requests of each call and reports the
    // rest unprocessed, as DynamoDB does when throttled.
    const throttled = {
      send: async (command: { input: { RequestItems: Record<string, WriteRequest[]> } }) => {
        const requests = command.input.RequestItems[table];
        await batchWriteWithRetries(table, requests.slice(0, 10), { client });
        const rest = requests.slice(10);
        return {
          UnprocessedItems: rest.length ? { [table]: rest } : {},
        } as BatchWriteCommandOutput;
      },
    } as unknown as DynamoDBDocumentClient;
    const report = await batchWriteWithRetries(table, puts(25, 'throttled'), {
      client: throttled,
      baseDelayMs: 1,
    });
    expect(report).toEqual({ requests: 25, calls: 3, retried: 15 + 5 });
    expect(await count('throttled')).toBe(25);
  });

  it('throws, naming what is left, when items stay unprocessed after every attempt', async () => {
    const stuck = {
      send: async (command: { input: { RequestItems: Record<string, WriteRequest[]> } }) =>
        ({ UnprocessedItems: command.input.RequestItems }) as BatchWriteCommandOutput,
    } as unknown as DynamoDBDocumentClient;
    const attempt = batchWriteWithRetries(table, puts(3, 'stuck'), {
      client: stuck,
      maxAttempts: 3,
      baseDelayMs: 1,
    });
    await expect(attempt).rejects.toThrow(UnprocessedWritesError);
    await expect(attempt).rejects.toMatchObject({ table, unprocessed: 3 });
  });
});
