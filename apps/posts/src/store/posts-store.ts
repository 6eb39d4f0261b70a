import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { bulkWriteClient, documentClient } from '@traced-social/aws-clients';
import { parseEvent, type DomainEvent, type EventOf } from '@traced-social/events';
import type { CursorShape } from '@traced-social/http';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { Post } from '../domain/post';
import {
  authorPartition,
  OUTBOX_PARTITIONS,
  outboxPartition,
  outboxSortKey,
  postItemKey,
  type PostItem,
} from '@traced-social/tables';
import { fromPostItem, toPostItem } from './post-item-mapping';

const postsTable = () => tableName('posts');

/** Writes a new post with its POST_CREATED event pending in the same item, as "CreatePost". */
export async function createPost(post: Post, event: EventOf<'POST_CREATED'>): Promise<void> {
  await tracedOperation('CreatePost', async () => {
    const table = postsTable();
    traceDynamoDBOperation('PutItem', table, { postId: post.postId });
    await documentClient().send(
      new PutCommand({
        TableName: table,
        Item: toPostItem(post, event),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  });
}

/** A live post, or undefined (never written, or deleted). */
export async function getPost(postId: string): Promise<Post | undefined> {
  return tracedOperation('GetPost', async () => {
    const item = await readPostItem(postId);
    return item?.status === 'active' ? fromPostItem(item) : undefined;
  });
}

async function readPostItem(postId: string): Promise<PostItem | undefined> {
  const table = postsTable();
  traceDynamoDBOperation('GetItem', table, { postId });
  const { Item } = await documentClient().send(
    new GetCommand({ TableName: table, Key: postItemKey(postId), ConsistentRead: true }),
  );
  return Item as PostItem | undefined;
}

export type DeleteOutcome =
  | { outcome: 'deleted'; /** The image the post had, now orphaned. */ imageKey?: string }
  | { outcome: 'not-found' }
  | { outcome: 'not-author' };

/**
 * Deletes a post if `userId` wrote it, as "DeletePost": one conditional write turns it into a
 * tombstone (content and listing keys removed) whose outbox holds only its POST_DELETED event.
 * An unpublished POST_CREATED is dropped with the content: a deleted post is never announced.
 */
export async function deletePost(
  postId: string,
  userId: string,
  event: EventOf<'POST_DELETED'>,
): Promise<DeleteOutcome> {
  return tracedOperation('DeletePost', async () => {
    const table = postsTable();
    traceDynamoDBOperation('UpdateItem', table, { postId });
    try {
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: table,
          Key: postItemKey(postId),
          ConditionExpression: 'attribute_exists(pk) AND #status = :active AND authorId = :user',
          UpdateExpression:
            'SET #status = :deleted, deletedAt = :now, outboxpk = :pending, outboxsk = :outboxsk, ' +
            'pendingEvents = :events REMOVE #text, imageKey, imageContentType, gsi1pk, gsi1sk',
          ExpressionAttributeNames: { '#status': 'status', '#text': 'text' },
          ExpressionAttributeValues: {
            ':active': 'active',
            ':deleted': 'deleted',
            ':user': userId,
            ':now': event.payload.deletedAt,
            ':pending': outboxPartition(postId),
            ':outboxsk': outboxSortKey(postId, event),
            ':events': { [event.eventId]: JSON.stringify(event) },
          },
          ReturnValues: 'UPDATED_OLD',
        }),
      );
      const imageKey = (Attributes as Partial<PostItem> | undefined)?.imageKey;
      return { outcome: 'deleted', ...(imageKey ? { imageKey } : {}) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const item = await readPostItem(postId);
      return item?.status === 'active' ? { outcome: 'not-author' } : { outcome: 'not-found' };
    }
  });
}

export interface PostPage {
  posts: Post[];
  /** The key to continue from, when there may be more. */
  nextKey?: Record<string, string>;
}

/** An author's posts, newest first, a page at a time, as "ListUserPosts". */
export async function listPostsByAuthor(
  authorId: string,
  limit: number,
  startKey?: Record<string, string | number>,
): Promise<PostPage> {
  return tracedOperation('ListUserPosts', async () => {
    const table = postsTable();
    traceDynamoDBOperation('Query', table, { authorId });
    const page = await documentClient().send(
      new QueryCommand({
        TableName: table,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :author',
        ExpressionAttributeValues: { ':author': authorPartition(authorId) },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    return {
      posts: (page.Items ?? []).map((item) => fromPostItem(item as PostItem)),
      nextKey: page.LastEvaluatedKey as Record<string, string> | undefined,
    };
  });
}

/** The cursor attribute that pins a listing to its author. */
export const authorCursorShape = (authorId: string): CursorShape => ({
  pinned: { gsi1pk: authorPartition(authorId) },
  keys: ['gsi1sk', 'pk', 'sk'],
});

/** Removes a published event from the post's outbox, as "MarkEventPublished". */
export async function markEventPublished(postId: string, eventId: string): Promise<void> {
  await tracedOperation('MarkEventPublished', async () => {
    traceDynamoDBOperation('UpdateItem', postsTable(), { postId });
    await clearFromOutbox(documentClient(), postId, eventId);
  });
}

/** How many outbox entries the relay clears at once. */
const CLEAR_CONCURRENCY = 16;

/**
 * Removes many published events from their posts' outboxes, as one "MarkEventsPublished" step
 * (its UpdateItem calls go through the untraced bulk client: one subsegment, not one per event).
 */
export async function markEventsPublished(
  entries: Array<{ postId: string; eventId: string }>,
): Promise<void> {
  if (!entries.length) return;
  await tracedOperation('MarkEventsPublished', async () => {
    traceDynamoDBOperation('UpdateItem', postsTable(), { events: entries.length });
    const queue = [...entries];
    await Promise.all(
      Array.from({ length: Math.min(CLEAR_CONCURRENCY, queue.length) }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          await clearFromOutbox(bulkWriteClient(), next.postId, next.eventId);
        }
      }),
    );
  });
}

async function clearFromOutbox(
  client: DynamoDBDocumentClient,
  postId: string,
  eventId: string,
): Promise<void> {
  const table = postsTable();
  const key = postItemKey(postId);
  const names = { '#eventId': eventId };
  try {
    // The usual case, one write: the event is the only one pending, so the post leaves the
    // outbox index with it.
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        ConditionExpression:
          'attribute_exists(pendingEvents.#eventId) AND size(pendingEvents) = :one',
        UpdateExpression: 'REMOVE pendingEvents.#eventId, outboxpk, outboxsk',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':one': 1 },
      }),
    );
    return;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  // Another event is pending too (a delete right after the create), or this one is gone already.
  const { Attributes } = await client.send(
    new UpdateCommand({
      TableName: table,
      Key: key,
      ConditionExpression: 'attribute_exists(pk)',
      UpdateExpression: 'REMOVE pendingEvents.#eventId',
      ExpressionAttributeNames: names,
      ReturnValues: 'ALL_NEW',
    }),
  );
  if (Object.keys((Attributes as PostItem | undefined)?.pendingEvents ?? {}).length > 0) return;
  // Nothing pending any more: leave the outbox index. The condition keeps an event that
  // arrived in between in the index.
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: key,
        ConditionExpression: 'size(pendingEvents) = :zero',
        UpdateExpression: 'REMOVE outboxpk, outboxsk',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

export interface PendingEvent {
  postId: string;
  event: DomainEvent;
  /** The post's status when the outbox was read (a deleted post's POST_CREATED is void). */
  postStatus: PostItem['status'];
}

/**
 * Events waiting in the outbox, oldest first, as "ReadOutbox": up to `perPartition` posts from
 * each partition of the outbox index (read in parallel through the untraced bulk client).
 */
export async function listPendingEvents(perPartition: number): Promise<PendingEvent[]> {
  return tracedOperation('ReadOutbox', async () => {
    const table = postsTable();
    traceDynamoDBOperation('Query', table, {
      index: 'outbox',
      partitions: OUTBOX_PARTITIONS.length,
    });
    const pages = await Promise.all(
      OUTBOX_PARTITIONS.map((partition) =>
        bulkWriteClient().send(
          new QueryCommand({
            TableName: table,
            IndexName: 'outbox',
            KeyConditionExpression: 'outboxpk = :partition',
            ExpressionAttributeValues: { ':partition': partition },
            Limit: perPartition,
          }),
        ),
      ),
    );
    return pages
      .flatMap((page) => page.Items ?? [])
      .flatMap((item) =>
        Object.values((item as PostItem).pendingEvents ?? {}).map((json) => ({
          postId: (item as PostItem).postId,
          event: parseEvent(JSON.parse(json)),
          postStatus: (item as PostItem).status,
        })),
      )
      .sort((a, b) => a.event.occurredAt.localeCompare(b.event.occurredAt));
  });
}
