import {
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';

/** What to count: a whole table (a Scan), or one key condition of a table or index (a Query). */
export type ItemCountRequest = Pick<
  QueryCommandInput,
  'TableName' | 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'
>;

/**
 * How many items a request matches, read page by page with `Select: 'COUNT'` (no item is
 * transferred): a Query when it has a key condition, else a Scan of the table.
 */
export async function countItems(
  client: DynamoDBDocumentClient,
  request: ItemCountRequest,
): Promise<number> {
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      request.KeyConditionExpression
        ? new QueryCommand({ ...request, Select: 'COUNT', ExclusiveStartKey })
        : new ScanCommand({ TableName: request.TableName, Select: 'COUNT', ExclusiveStartKey }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}
