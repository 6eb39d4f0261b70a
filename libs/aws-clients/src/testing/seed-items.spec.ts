import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { resources } from '@traced-social/manifest';
import { startDynaliteTable } from './dynalite-table';
import { countItems } from './item-count';
import { seedItems } from './seed-items';

describe('seedItems (dynalite)', () => {
  let client: DynamoDBDocumentClient;
  let stop: () => Promise<void>;
  const table = 'seeded-follows';

  beforeAll(async () => {
    ({ client, stop } = await startDynaliteTable(table, resources.tables.follows));
  });
  afterAll(() => stop());

  it('writes every generated item once, in parallel pages, and reports its progress', async () => {
    const lines: string[] = [];
    const seconds = await seedItems({
      client,
      tableName: table,
      count: 1_030,
      itemAt: (i) => ({ pk: `USER#fan-${i}`, sk: 'FOLLOWS#star', n: i }),
      pageSize: 100,
      pagesInFlight: 3,
      log: (line) => lines.push(line),
      label: 'follow edges',
    });
    const seen: number[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey }));
      seen.push(...(page.Items ?? []).map((item) => item.n as number));
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 1_030 }, (_, i) => i));
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(lines[0]).toBe(`writing 1,030 follow edges into ${table}…`);
    // A line about every tenth of the 11 pages, then the total.
    expect(lines.length).toBeGreaterThanOrEqual(5);
    expect(lines.at(-1)).toMatch(/^ {2}1,030 follow edges written in \d+\.\d s$/);
  });

  it('counts the items of a table and of one partition, across pages', async () => {
    expect(await countItems(client, { TableName: table })).toBe(1_030);
    expect(
      await countItems(client, {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'USER#fan-7' },
      }),
    ).toBe(1);
  });
});
