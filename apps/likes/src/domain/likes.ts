import { createHash } from 'node:crypto';
import * as z from 'zod/mini';

/** The rules of likes, free of AWS. */

export const postIdSchema = z.uuid();

/** A change of one like, read from a likes-table stream record. */
export interface LikeChange {
  kind: 'liked' | 'unliked';
  postId: string;
  userId: string;
  /** The post's author (copied into the like when it was made). */
  authorId: string;
  likedAt: string;
}

/** What the like count does for a change. */
export const countDelta = (change: LikeChange): 1 | -1 => (change.kind === 'liked' ? 1 : -1);

/**
 * The id of the POST_LIKED event announcing a like, derived from the stream record's id: a
 * replayed record publishes the same event id again, which consumers drop as a duplicate.
 * Shaped as an RFC 9562 version 8 (custom) UUID.
 */
export function likeEventId(streamRecordId: string): string {
  const hex = createHash('sha256').update(`POST_LIKED:${streamRecordId}`).digest('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    `8${hex.slice(13, 16)}`,
    `${variant}${hex.slice(17, 20)}`,
    hex.slice(20, 32),
  ].join('-');
}

/** Never below zero, whatever order the stream delivered the changes in. */
export const displayedCount = (stored: number | undefined): number => Math.max(0, stored ?? 0);
