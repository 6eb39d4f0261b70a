import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { followKeys } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

/** Where a walk through a user's followers stands: the follower index's key to start after. */
export type FollowerCursor = Record<string, unknown>;

export interface FollowerPage {
  followers: string[];
  /** Where the next page starts; absent after the last page. */
  next?: FollowerCursor;
}

/**
 * The followers of a user, a page at a time, from the `follows` table's follower index, starting
 * after `from` (a checkpoint) when given. Edges still being created or removed (`pending`) are
 * skipped. Every page is yielded, even an empty one, so its `next` can be saved.
 */
export async function* followerPages(
  userId: string,
  pageSize: number,
  from?: FollowerCursor,
): AsyncGenerator<FollowerPage> {
  let startKey = from;
  do {
    const page = await readFollowerPage(userId, pageSize, startKey);
    startKey = page.LastEvaluatedKey;
    const followers = (page.Items ?? [])
      .filter((item) => !item.pending)
      .map((item) => String(item.gsi1sk).slice(followKeys.followerPrefix.length));
    yield { followers, ...(startKey ? { next: startKey } : {}) };
  } while (startKey);
}

/**
 * Whether `userId` has at least `threshold` followers: a COUNT query that stops at the threshold,
 * so its cost is bounded whatever the follower count (pages of 1 MB).
 */
export async function hasFollowersAtLeast(userId: string, threshold: number): Promise<boolean> {
  {
    const table = tableName('follows');
    traceDynamoDBOperation('Query', table, { userId, index: 'gsi1', threshold });
    let counted = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          ...followerQuery(userId),
          Select: 'COUNT',
          Limit: threshold - counted,
          ExclusiveStartKey: startKey,
        }),
      );
      counted += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey && counted < threshold);
    return counted >= threshold;
  }
}

/**
 * Which of `followeeIds` `followerId` follows (settled edges only), read with BatchGetItem on the
 * edges themselves: one call per 100 followees, whatever their follower counts.
 */
export async function followedAmong(followerId: string, followeeIds: string[]): Promise<string[]> {
  const table = tableName('follows');
  const followed: string[] = [];
  for (let i = 0; i < followeeIds.length; i += 100) {
    let keys: Array<Record<string, unknown>> | undefined = followeeIds
      .slice(i, i + 100)
      .map((followeeId) => followKeys.edge(followerId, followeeId));
    // Unprocessed keys are asked again (bounded: DynamoDB returns some of them each time).
    for (let attempt = 0; keys?.length && attempt < 5; attempt++) {
      const answer: BatchGetCommandOutput = await documentClient().send(
        new BatchGetCommand({
          RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'followeeId, pending' } },
        }),
      );
      for (const item of answer.Responses?.[table] ?? []) {
        if (!item.pending) followed.push(String(item.followeeId));
      }
      keys = answer.UnprocessedKeys?.[table]?.Keys;
    }
    if (keys?.length) throw new Error('follows: unprocessed keys remain after retries');
  }
  return followed;
}

/**
 * One page, as "ReadFollowers". A page is one fan-out unit (three subsegments: this read, the feed
 * writes, the cache update), and an invocation delivers a bounded number of pages per post
 * (decision 1420), so the subsegments per invocation are bounded too.
 */
function readFollowerPage(
  userId: string,
  pageSize: number,
  startKey: Record<string, unknown> | undefined,
): Promise<QueryCommandOutput> {
  return tracedOperation('ReadFollowers', async () => {
    traceDynamoDBOperation('Query', tableName('follows'), { userId, index: 'gsi1' });
    return documentClient().send(
      new QueryCommand({ ...followerQuery(userId), Limit: pageSize, ExclusiveStartKey: startKey }),
    );
  });
}

function followerQuery(userId: string) {
  return {
    TableName: tableName('follows'),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :user AND begins_with(gsi1sk, :prefix)',
    ExpressionAttributeValues: {
      ':user': followKeys.userPartition(userId),
      ':prefix': followKeys.followerPrefix,
    },
  };
}
