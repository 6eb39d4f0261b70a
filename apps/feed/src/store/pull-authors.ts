import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation } from '@traced-social/observability';

/**
 * Authors whose posts are pulled at read time instead of fanned out (decision 1420): one item
 * each under `PULL#AUTHORS`, written the first time a post of theirs finds them at or above the
 * threshold. The mark stays (no flapping around the threshold): their older, pushed posts stay in
 * the feeds, and reads drop the duplicates.
 */
const PULL_PARTITION = 'PULL#AUTHORS';
const table = () => tableName('feeds');

export async function isPullAuthor(authorId: string): Promise<boolean> {
  traceDynamoDBOperation('GetItem', table(), { authorId });
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: table(), Key: { pk: PULL_PARTITION, sk: authorId } }),
  );
  return Item !== undefined;
}

export async function markPullAuthor(authorId: string): Promise<void> {
  traceDynamoDBOperation('PutItem', table(), { authorId });
  await documentClient().send(
    new PutCommand({
      TableName: table(),
      Item: { pk: PULL_PARTITION, sk: authorId, markedAt: new Date().toISOString() },
    }),
  );
}

/** Every pull author (a short list: only accounts past the threshold are in it). */
export async function listPullAuthors(): Promise<string[]> {
  traceDynamoDBOperation('Query', table(), { partition: PULL_PARTITION });
  const authors: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PULL_PARTITION },
        ProjectionExpression: 'sk',
        ExclusiveStartKey: startKey,
      }),
    );
    authors.push(...(page.Items ?? []).map((item) => String(item.sk)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return authors;
}
