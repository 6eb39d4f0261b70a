import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { followKeys } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

/** Followers read per page: one fan-out step (DynamoDB writes, then the cache update). */
export const FOLLOWERS_PAGE_SIZE = 500;

/**
 * The followers of a user, a page at a time, from the `follows` table's follower index. Edges
 * still being created or removed (`pending`) are skipped.
 */
export async function* followerPages(
  userId: string,
  pageSize = FOLLOWERS_PAGE_SIZE,
): AsyncGenerator<string[]> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await readFollowerPage(userId, pageSize, startKey);
    startKey = page.LastEvaluatedKey;
    const followers = (page.Items ?? [])
      .filter((item) => !item.pending)
      .map((item) => String(item.gsi1sk).slice(followKeys.followerPrefix.length));
    if (followers.length) yield followers;
  } while (startKey);
}

/**
 * One page, as "ReadFollowers". A page is a fan-out step of up to FOLLOWERS_PAGE_SIZE followers
 * (three subsegments: this read, the feed writes, the cache update), so even 10,000 followers
 * make 60 subsegments; past the invocation's budget the library runs the rest untraced and counts
 * them (`droppedSubsegments`).
 */
function readFollowerPage(
  userId: string,
  pageSize: number,
  startKey: Record<string, unknown> | undefined,
): Promise<QueryCommandOutput> {
  return tracedOperation('ReadFollowers', async () => {
    const table = tableName('follows');
    traceDynamoDBOperation('Query', table, { userId, index: 'gsi1' });
    return documentClient().send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :user AND begins_with(gsi1sk, :prefix)',
        ExpressionAttributeValues: {
          ':user': followKeys.userPartition(userId),
          ':prefix': followKeys.followerPrefix,
        },
        Limit: pageSize,
        ExclusiveStartKey: startKey,
      }),
    );
  });
}
