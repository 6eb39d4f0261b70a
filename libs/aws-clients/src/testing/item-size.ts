// Ambient declaration of dynalite's db module (see emulators.ts).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./emulator-modules.d.ts" />
import { GetItemCommand, type GetItemCommandOutput } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { itemSize } from 'dynalite/db';

/**
 * The stored size in bytes of an item, read back from the emulator and measured by dynalite's own
 * rule (the one it checks DynamoDB's 400 KB item limit with); undefined when there is no item.
 */
export async function storedItemSize(
  dynamodb: { send(command: GetItemCommand): Promise<GetItemCommandOutput> },
  table: string,
  key: Record<string, string>,
): Promise<number | undefined> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: table, Key: marshall(key), ConsistentRead: true }),
  );
  return Item ? itemSize(Item) : undefined;
}
