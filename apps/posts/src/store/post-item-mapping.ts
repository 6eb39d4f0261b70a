import type { DomainEvent } from '@traced-social/events';
import {
  authorIndexKeys,
  pendingOutboxEntry,
  postItemKey,
  type PostItem,
} from '@traced-social/tables';
import type { Post } from '../domain/post';

/** A new post as its `posts` table item (layout: `@traced-social/tables`), `event` pending. */
export function toPostItem(post: Post, event: DomainEvent): PostItem {
  return {
    ...postItemKey(post.postId),
    ...authorIndexKeys(post),
    ...pendingOutboxEntry(post.postId, event),
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
