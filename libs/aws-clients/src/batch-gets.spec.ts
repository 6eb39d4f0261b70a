import {
  BatchGetCommand,
  PutCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { resources } from '@traced-social/manifest';
import { batchGetWithRetries, UnprocessedReadsError } from './batch-gets';
import { useDynaliteTable } from './testing';

describe('batchGetWithRetries (dynalite)', () => {
  const table = 'batch-likes';
  const client = useDynaliteTable(table, resources.tables.likes);
  type Keys = Array<Record<string, unknown>>;
  const keys = (n: number): Keys =>
    Array.from({ length: n }, (_, i) => ({ pk: `P#${i}`, sk: 'X' }));

  beforeAll(async () => {
    for (const key of keys(150)) {
      await client.send(new PutCommand({ TableName: table, Item: { ...key, n: 1 } }));
    }
  });

  /**
   * DynamoDB as it answers when throttled: each call reads only the first `served` keys from the
   * emulator and hands the rest back as UnprocessedKeys.
   */
  const throttledTo = (served: number) => {
    let calls = 0;
    const throttled = {
      calls: () => calls,
      send: async (command: { input: { RequestItems: Record<string, { Keys: Keys }> } }) => {
        calls += 1;
        const asked = command.input.RequestItems[table].Keys;
        const read = served
          ? await client.send(
              new BatchGetCommand({ RequestItems: { [table]: { Keys: asked.slice(0, served) } } }),
            )
          : { Responses: { [table]: [] } };
        const rest = asked.slice(served);
        return {
          Responses: read.Responses,
          UnprocessedKeys: rest.length ? { [table]: { Keys: rest } } : {},
        } as BatchGetCommandOutput;
      },
    };
    return throttled as typeof throttled & DynamoDBDocumentClient;
  };

  it('reads more than 100 keys in chunks, absent keys giving no item', async () => {
    const items = await batchGetWithRetries(client, table, [...keys(150), { pk: 'NONE', sk: 'X' }]);
    expect(items).toHaveLength(150);
  });

  it('asks again for the keys DynamoDB hands back as unprocessed until all are read', async () => {
    const throttled = throttledTo(1);
    const items = await batchGetWithRetries(throttled, table, keys(3), { baseDelayMs: 1 });
    expect(items.map((item) => item.pk).sort()).toEqual(['P#0', 'P#1', 'P#2']);
    expect(throttled.calls()).toBe(3);
  });

  it('throws, naming what is left, rather than answer from a partial read', async () => {
    const attempt = batchGetWithRetries(throttledTo(0), table, keys(2), {
      maxAttempts: 3,
      baseDelayMs: 1,
    });
    await expect(attempt).rejects.toThrow(UnprocessedReadsError);
    await expect(attempt).rejects.toMatchObject({ table, unprocessed: 2 });
  });
});
