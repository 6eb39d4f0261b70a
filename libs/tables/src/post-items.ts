import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import type { DomainEvent } from '@traced-social/events';
import type { ImageContentType } from '@traced-social/http/content-rules';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

/**
 * Item layout of the `posts` table: the posts app writes it, other apps read a post through
 * `getPostSummary`.
 *
 * - pk `POST#<postId>`, sk `POST`: the post; `status` is `active` or `deleted` (a deleted post
 *   stays as a tombstone without content until its POST_DELETED event is out).
 * - gsi1: pk `AUTHOR#<authorId>`, sk `<createdAt>#<postId>`: an author's posts, newest first.
 *   Removed from a deleted post, so listings skip it.
 * - The outbox: events of the post not yet on Kinesis, in `pendingEvents` (event id → JSON),
 *   written in the same request as the change they announce. While any is pending, the sparse
 *   `outbox` index has the post (`outboxpk` = `PENDING#<0..7>` by a hash of the post id, so no
 *   single index partition takes every post's write; `outboxsk` = time).
 */
export const postItemKey = (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' });
export const authorPartition = (authorId: string) => `AUTHOR#${authorId}`;
/** The gsi1 keys of a live post: its author's listing, newest first. */
export const authorIndexKeys = (post: { authorId: string; createdAt: string; postId: string }) => ({
  gsi1pk: authorPartition(post.authorId),
  gsi1sk: `${post.createdAt}#${post.postId}`,
});
/** Partitions of the outbox index: post writes spread over them, the relay reads them all. */
export const OUTBOX_SHARDS = 8;
/** The one partition of the outbox index before it was spread (still read, never written). */
export const LEGACY_OUTBOX_PARTITION = 'PENDING';
/** The outbox index partition of a post's pending events (stable: a hash of its id). */
export function outboxPartition(postId: string): string {
  let hash = 0;
  for (const char of postId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `PENDING#${hash % OUTBOX_SHARDS}`;
}
/** Every outbox index partition the relay reads. */
export const OUTBOX_PARTITIONS = [
  ...Array.from({ length: OUTBOX_SHARDS }, (_, i) => `PENDING#${i}`),
  LEGACY_OUTBOX_PARTITION,
];
/** The outbox index's sort key of a post with `event` pending: oldest event first. */
export const outboxSortKey = (postId: string, event: Pick<DomainEvent, 'occurredAt'>) =>
  `${event.occurredAt}#${postId}`;
/** The outbox attributes of a post with `event` pending (written with the change it announces). */
export const pendingOutboxEntry = (postId: string, event: DomainEvent) => ({
  outboxpk: outboxPartition(postId),
  outboxsk: outboxSortKey(postId, event),
  pendingEvents: { [event.eventId]: JSON.stringify(event) },
});

export interface PostItem {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  outboxpk?: string;
  outboxsk?: string;
  pendingEvents?: Record<string, string>;
  status: 'active' | 'deleted';
  postId: string;
  authorId: string;
  authorUsername?: string;
  text?: string;
  imageKey?: string;
  imageContentType?: ImageContentType;
  createdAt: string;
  deletedAt?: string;
}

export interface PostSummary {
  postId: string;
  authorId: string;
  createdAt: string;
}

/** A live post's id, author and time, or undefined (never written or deleted); as "GetPost". */
export async function getPostSummary(postId: string): Promise<PostSummary | undefined> {
  return tracedOperation('GetPost', async () => {
    const table = tableName('posts');
    traceDynamoDBOperation('GetItem', table, { postId });
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: postItemKey(postId),
        ProjectionExpression: 'postId, authorId, createdAt, #status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    if (!Item || Item.status !== 'active') return undefined;
    return {
      postId: String(Item.postId),
      authorId: String(Item.authorId),
      createdAt: String(Item.createdAt),
    };
  });
}
