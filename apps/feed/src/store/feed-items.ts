import { feedPosition, type FeedEntry } from '../domain/feed';

/**
 * Item layout of the `feeds` table (the feed's source of truth; Redis only caches it).
 *
 * | pk                  | sk                        | what                                       |
 * |---------------------|---------------------------|--------------------------------------------|
 * | `FEED#<userId>`     | `<createdAt>#<postId>`    | an entry of a user's feed, newest first    |
 * | `AUTHOR#<authorId>` | `<createdAt>#<postId>`    | a post as the feed knows it (for backfill) |
 * | `POST#<postId>`     | `REF`                     | where a post sits (to remove it everywhere) |
 * | `FANOUT#PENDING`    | `<postId>`                | an unfinished fan-out's checkpoint (1420)  |
 * | `PULL#AUTHORS`      | `<authorId>`              | an author pulled at read time (1420)       |
 *
 * Once the post is deleted its `REF` stays as a tombstone (`deletedAt`, expiring after
 * `TOMBSTONE_TTL_SECONDS`) that refuses a late or replayed POST_CREATED (decision 1401).
 * The feed keeps its own copy of what it needs from POST_CREATED events instead of reading the
 * posts app's table: it depends on the events, not on another app's item layout.
 */
export { feedPartition } from '@traced-social/tables';
export const authorPartition = (authorId: string) => `AUTHOR#${authorId}`;
export const postRefKey = (postId: string) => ({ pk: `POST#${postId}`, sk: 'REF' });

export interface FeedEntryItem extends FeedEntry {
  pk: string;
  sk: string;
}

export interface PostRefItem {
  pk: string;
  sk: 'REF';
  postId: string;
  authorId: string;
  /** Absent on a tombstone of a post whose POST_CREATED the feed never saw. */
  createdAt?: string;
  /** The post was not fanned out (its author is pulled at read time): no feed holds it. */
  pulled?: boolean;
  /** Set once the post is deleted: the item is a tombstone. */
  deletedAt?: string;
  expiresAt?: number;
}

/**
 * How long a deleted post's tombstone refuses its POST_CREATED: far past anything that can still
 * deliver it (Kinesis keeps records 24 h; deleting drops a CREATED still in the posts outbox).
 */
export const TOMBSTONE_TTL_SECONDS = 30 * 24 * 3600;

export function toTombstoneItem(
  post: { postId: string; authorId: string; createdAt?: string },
  deletedAt: string,
  now = Date.now(),
): PostRefItem {
  return {
    ...(postRefKey(post.postId) as { pk: string; sk: 'REF' }),
    postId: post.postId,
    authorId: post.authorId,
    ...(post.createdAt ? { createdAt: post.createdAt } : {}),
    deletedAt,
    expiresAt: Math.floor(now / 1000) + TOMBSTONE_TTL_SECONDS,
  };
}

export function toFeedEntryItem(partition: string, entry: FeedEntry): FeedEntryItem {
  return { pk: partition, sk: feedPosition(entry), ...entry };
}

export function fromFeedEntryItem(item: Record<string, unknown>): FeedEntry {
  return {
    postId: String(item.postId),
    authorId: String(item.authorId),
    text: String(item.text ?? ''),
    ...(typeof item.imageKey === 'string' ? { imageKey: item.imageKey } : {}),
    createdAt: String(item.createdAt),
  };
}

export function toPostRefItem(entry: FeedEntry, pulled = false): PostRefItem {
  return {
    ...(postRefKey(entry.postId) as { pk: string; sk: 'REF' }),
    postId: entry.postId,
    authorId: entry.authorId,
    createdAt: entry.createdAt,
    ...(pulled ? { pulled: true } : {}),
  };
}
