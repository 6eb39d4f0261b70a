import { postItemKey } from '@traced-social/aws-clients';
import type { DomainEvent } from '@traced-social/events';
import type { ImageContentType } from '@traced-social/http';
import type { Post } from '../domain/post';

/**
 * Item layout of a post in the `posts` table.
 *
 * - pk `POST#<postId>`, sk `POST`: the post; `status` is `active` or `deleted` (a deleted post
 *   stays as a tombstone without content until its POST_DELETED event is out).
 * - gsi1: pk `AUTHOR#<authorId>`, sk `<createdAt>#<postId>`: an author's posts, newest first.
 *   Removed from a deleted post, so listings skip it.
 * - The outbox: events of the post not yet on Kinesis, in `pendingEvents` (event id → JSON),
 *   written in the same request as the change they announce. While any is pending, the sparse
 *   `outbox` index has the post (`outboxpk` = `PENDING`, `outboxsk` = time).
 */
/** The post's key: the layout other apps read through `@traced-social/aws-clients`. */
export const postKey = postItemKey;
export const authorPartition = (authorId: string) => `AUTHOR#${authorId}`;
export const OUTBOX_PENDING = 'PENDING';
/** The outbox index's sort key of a post with `event` pending: oldest event first. */
export const outboxSortKey = (postId: string, event: Pick<DomainEvent, 'occurredAt'>) =>
  `${event.occurredAt}#${postId}`;

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

export function toPostItem(post: Post, event: DomainEvent): PostItem {
  return {
    ...postKey(post.postId),
    gsi1pk: authorPartition(post.authorId),
    gsi1sk: `${post.createdAt}#${post.postId}`,
    outboxpk: OUTBOX_PENDING,
    outboxsk: outboxSortKey(post.postId, event),
    pendingEvents: { [event.eventId]: JSON.stringify(event) },
    status: 'active',
    ...post,
  };
}

export function fromPostItem(item: PostItem): Post {
  return {
    postId: item.postId,
    authorId: item.authorId,
    authorUsername: item.authorUsername ?? '',
    text: item.text ?? '',
    ...(item.imageKey ? { imageKey: item.imageKey } : {}),
    ...(item.imageContentType ? { imageContentType: item.imageContentType } : {}),
    createdAt: item.createdAt,
  };
}
