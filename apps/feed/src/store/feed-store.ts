import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  batchWriteWithRetries,
  documentClient,
  type WriteRequest,
} from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { addMetadata, traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import { feedPosition, type FeedEntry } from '../domain/feed';
import {
  authorPartition,
  feedPartition,
  fromFeedEntryItem,
  postRefKey,
  toFeedEntryItem,
  toPostRefItem,
  toTombstoneItem,
  type PostRefItem,
} from './feed-items';

const feedsTable = () => tableName('feeds');

/**
 * Puts `entry` into the feed of every owner (one page of followers), 25 per BatchWriteItem call,
 * unprocessed items retried. One "WriteFeedBatch" subsegment for the whole page, with the calls
 * and retries as metadata: the SDK calls are not traced one by one, so a fan-out to any number of
 * followers opens a few subsegments per page of followers, never one per follower.
 */
export async function writeFeedEntries(ownerIds: string[], entry: FeedEntry): Promise<void> {
  await writeInBatches(
    'WriteFeedBatch',
    ownerIds.map((owner) => ({
      PutRequest: { Item: toFeedEntryItem(feedPartition(owner), entry) },
    })),
  );
}

/** Puts several entries into one user's feed (a backfill), batched like `writeFeedEntries`. */
export async function copyIntoFeed(ownerId: string, entries: FeedEntry[]): Promise<void> {
  await writeInBatches(
    'WriteFeedBatch',
    entries.map((entry) => ({
      PutRequest: { Item: toFeedEntryItem(feedPartition(ownerId), entry) },
    })),
  );
}

/** Removes the entry at `position` from the feed of every owner (batched, as above). */
export async function deleteFeedEntries(ownerIds: string[], position: string): Promise<void> {
  await writeInBatches(
    'DeleteFeedBatch',
    ownerIds.map((owner) => ({
      DeleteRequest: { Key: { pk: feedPartition(owner), sk: position } },
    })),
  );
}

/** Removes entries at `positions` from one user's feed (an unfollow), batched as above. */
export async function removeFromFeed(ownerId: string, positions: string[]): Promise<void> {
  await writeInBatches(
    'DeleteFeedBatch',
    positions.map((sk) => ({ DeleteRequest: { Key: { pk: feedPartition(ownerId), sk } } })),
  );
}

/**
 * Positions of an author's entries among the newest `scanLimit` of a user's feed, as
 * "FindAuthorEntries" (older entries age out of sight; the scan stays bounded).
 */
export async function findAuthorEntries(
  ownerId: string,
  authorId: string,
  scanLimit: number,
): Promise<string[]> {
  return tracedOperation('FindAuthorEntries', async () => {
    const table = feedsTable();
    traceDynamoDBOperation('Query', table, { ownerId, authorId });
    const positions: string[] = [];
    let scanned = 0;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          FilterExpression: 'authorId = :author',
          ExpressionAttributeValues: { ':pk': feedPartition(ownerId), ':author': authorId },
          ScanIndexForward: false,
          Limit: scanLimit - scanned,
          ExclusiveStartKey: startKey,
          ProjectionExpression: 'sk',
        }),
      );
      scanned += page.ScannedCount ?? 0;
      positions.push(...(page.Items ?? []).map((item) => String(item.sk)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && scanned < scanLimit);
    return positions;
  });
}

async function writeInBatches(name: string, requests: WriteRequest[]): Promise<void> {
  const table = feedsTable();
  await tracedOperation(name, async () => {
    traceDynamoDBOperation('BatchWriteItem', table, { requests: requests.length });
    const report = await batchWriteWithRetries(table, requests);
    addMetadata('batchWrite', report);
  });
}

/**
 * Remembers a new post (reference and author index), as "RecordPost"; false, writing nothing,
 * when the post has a tombstone: it was deleted, and its POST_CREATED is late or replayed.
 */
export async function recordPost(entry: FeedEntry, pulled = false): Promise<boolean> {
  return tracedOperation('RecordPost', async () => {
    const table = feedsTable();
    traceDynamoDBOperation('PutItem', table, { postId: entry.postId });
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table,
          Item: toPostRefItem(entry, pulled),
          ConditionExpression: 'attribute_not_exists(deletedAt)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
    await documentClient().send(
      new PutCommand({
        TableName: table,
        Item: toFeedEntryItem(authorPartition(entry.authorId), entry),
      }),
    );
    return true;
  });
}

/** Where a post sits (or its tombstone), or undefined when the feed never saw it; as "FindPost". */
export async function findPost(postId: string): Promise<PostRefItem | undefined> {
  return tracedOperation('FindPost', async () => {
    const table = feedsTable();
    traceDynamoDBOperation('GetItem', table, { postId });
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: table, Key: postRefKey(postId), ConsistentRead: true }),
    );
    return Item as PostRefItem | undefined;
  });
}

/**
 * Forgets a deleted post, as "ForgetPost": its author-index entry goes, and its reference becomes
 * a tombstone (decision 1401) so a POST_CREATED arriving later cannot fan it out again.
 */
export async function forgetPost(
  post: { postId: string; authorId: string; createdAt?: string },
  deletedAt: string,
): Promise<void> {
  await tracedOperation('ForgetPost', async () => {
    const table = feedsTable();
    traceDynamoDBOperation('BatchWriteItem', table, { postId: post.postId });
    await batchWriteWithRetries(
      table,
      [
        ...(post.createdAt
          ? [
              {
                DeleteRequest: {
                  Key: {
                    pk: authorPartition(post.authorId),
                    sk: feedPosition({ createdAt: post.createdAt, postId: post.postId }),
                  },
                },
              },
            ]
          : []),
        { PutRequest: { Item: toTombstoneItem(post, deletedAt) } },
      ],
      { client: documentClient() },
    );
  });
}

export interface StoredFeedPage {
  entries: FeedEntry[];
  /** The position of the last entry, when DynamoDB says there may be more. */
  next?: string;
}

/** A user's feed from DynamoDB, newest first, after `after` (a position), as "LoadFeed". */
export async function loadFeed(
  userId: string,
  limit: number,
  after?: string,
): Promise<StoredFeedPage> {
  return tracedOperation('LoadFeed', () => queryNewestFirst(feedPartition(userId), limit, after));
}

/** An author's newest posts as the feed knows them, as "LoadAuthorPosts". */
export async function loadAuthorPosts(authorId: string, limit: number): Promise<FeedEntry[]> {
  return tracedOperation(
    'LoadAuthorPosts',
    async () => (await queryNewestFirst(authorPartition(authorId), limit)).entries,
  );
}

/** A page of an author's posts as the feed knows them, after `after` (pulled at read time). */
export function loadAuthorPage(
  authorId: string,
  limit: number,
  after?: string,
): Promise<StoredFeedPage> {
  return queryNewestFirst(authorPartition(authorId), limit, after);
}

async function queryNewestFirst(
  partition: string,
  limit: number,
  after?: string,
): Promise<StoredFeedPage> {
  const table = feedsTable();
  traceDynamoDBOperation('Query', table, { partition, limit });
  const entries: FeedEntry[] = [];
  let startKey: Record<string, string> | undefined = after
    ? { pk: partition, sk: after }
    : undefined;
  // Pages until `limit` entries or the end (DynamoDB may stop early at 1 MB).
  do {
    const page = await documentClient().send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ScanIndexForward: false,
        Limit: limit - entries.length,
        ExclusiveStartKey: startKey,
      }),
    );
    entries.push(...(page.Items ?? []).map(fromFeedEntryItem));
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
  } while (startKey && entries.length < limit);
  return {
    entries,
    ...(startKey && entries.length ? { next: feedPosition(entries[entries.length - 1]) } : {}),
  };
}
