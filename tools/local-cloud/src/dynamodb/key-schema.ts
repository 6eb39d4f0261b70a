import type { DynamoWire, Item } from './wire';

/** Key attribute names of each table, read once from DescribeTable. */
export class KeySchemas {
  private readonly cache = new Map<string, string[]>();

  constructor(private readonly wire: DynamoWire) {}

  async keyNames(tableName: string): Promise<string[]> {
    let names = this.cache.get(tableName);
    if (!names) {
      const { Table } = await this.wire.call<{
        Table: { KeySchema: Array<{ AttributeName: string }> };
      }>('DescribeTable', { TableName: tableName });
      names = Table.KeySchema.map((k) => k.AttributeName);
      this.cache.set(tableName, names);
    }
    return names;
  }

  /** The key of an item (the attributes of the table's key schema). */
  async keyOf(tableName: string, item: Item): Promise<Item> {
    const key: Item = {};
    for (const name of await this.keyNames(tableName)) {
      if (item[name] !== undefined) key[name] = item[name];
    }
    return key;
  }
}

/** Reads an item with a strongly consistent GetItem; `undefined` when there is none. */
export async function readItem(
  wire: DynamoWire,
  tableName: string,
  key: Item,
): Promise<Item | undefined> {
  const { Item } = await wire.call<{ Item?: Item }>('GetItem', {
    TableName: tableName,
    Key: key,
    ConsistentRead: true,
  });
  return Item;
}

/** A stable string for an item's key, to detect two operations on one item. */
export function keyId(tableName: string, key: Item): string {
  const sorted = Object.keys(key)
    .sort()
    .map((name) => [name, key[name]]);
  return `${tableName}|${JSON.stringify(sorted)}`;
}
