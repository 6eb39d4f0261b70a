import type { LikeChange } from '../domain/likes';

/**
 * Item layout of the `likes` table (its stream drives the like count).
 *
 * | pk              | sk                  | what                                              |
 * |-----------------|---------------------|---------------------------------------------------|
 * | `POST#<postId>` | `LIKE#<userId>`     | a like; gsi1: `USER#<userId>`, `<likedAt>#<postId>` |
 * | `POST#<postId>` | `COUNT`             | the post's like count (`likeCount`, atomic ADD)     |
 * | `POST#<postId>` | `APPLIED#<eventID>` | a stream record already counted (expires)         |
 *
 * Only `LIKE#` items are likes: the stream handler ignores its own COUNT and APPLIED writes.
 */
export const LIKE_PREFIX = 'LIKE#';
export const postPartition = (postId: string) => `POST#${postId}`;
export const likeKey = (postId: string, userId: string) => ({
  pk: postPartition(postId),
  sk: `${LIKE_PREFIX}${userId}`,
});
export const countKey = (postId: string) => ({ pk: postPartition(postId), sk: 'COUNT' });
export const appliedKey = (postId: string, streamRecordId: string) => ({
  pk: postPartition(postId),
  sk: `APPLIED#${streamRecordId}`,
});
/** How long a counted stream record is remembered: past DynamoDB Streams' 24 h retention. */
export const APPLIED_MARKER_TTL_SECONDS = 48 * 3600;

export interface LikeItem {
  pk: string;
  sk: string;
  gsi1pk: string;
  gsi1sk: string;
  postId: string;
  userId: string;
  authorId: string;
  likedAt: string;
}

export function toLikeItem(like: Omit<LikeChange, 'kind'>): LikeItem {
  return {
    ...likeKey(like.postId, like.userId),
    gsi1pk: `USER#${like.userId}`,
    gsi1sk: `${like.likedAt}#${like.postId}`,
    postId: like.postId,
    userId: like.userId,
    authorId: like.authorId,
    likedAt: like.likedAt,
  };
}

/** The like an image of the stream holds, or undefined for any other item of the table. */
export function fromLikeImage(image: Record<string, unknown> | undefined) {
  if (!image || typeof image.sk !== 'string' || !image.sk.startsWith(LIKE_PREFIX)) return undefined;
  return {
    postId: String(image.postId),
    userId: String(image.userId),
    authorId: String(image.authorId),
    likedAt: String(image.likedAt),
  };
}
