import { randomUUID } from 'node:crypto';
import {
  IMAGE_CONTENT_TYPES,
  imageExtension,
  userTextSchema,
  type ImageContentType,
} from '@traced-social/http/content-rules';
import * as z from 'zod/mini';

/** The rules of a post, free of AWS: limits, what text is acceptable, how images are named. */
export const MAX_TEXT_LENGTH = 2000;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** Post text: not blank, at most 2000 characters (code points), no control characters. */
export const postTextSchema = userTextSchema({ label: 'Text', max: MAX_TEXT_LENGTH });

/**
 * The body of `POST /posts`: an image is announced by its type and its exact size in bytes, both
 * signed into the upload URL (S3 refuses an upload of any other size or type): an upload is
 * always bounded, never up to S3's 5 GB.
 */
export const createPostBodySchema = z
  .object({
    text: postTextSchema,
    imageContentType: z.optional(z.enum(IMAGE_CONTENT_TYPES)),
    imageSize: z.optional(z.int().check(z.positive(), z.maximum(MAX_IMAGE_BYTES))),
  })
  .check(
    z.refine((body) => body.imageSize === undefined || body.imageContentType !== undefined, {
      message: 'imageSize needs imageContentType',
      path: ['imageContentType'],
    }),
    z.refine((body) => body.imageContentType === undefined || body.imageSize !== undefined, {
      message: 'imageContentType needs imageSize (bytes)',
      path: ['imageSize'],
    }),
  );
export type CreatePostBody = z.infer<typeof createPostBodySchema>;

export const postIdSchema = z.uuid();

export interface Post {
  postId: string;
  authorId: string;
  authorUsername: string;
  text: string;
  imageKey?: string;
  imageContentType?: ImageContentType;
  createdAt: string;
}

/** A new post by an author, with its id, time and (when announced) its image's object key. */
export function newPost(
  author: { userId: string; username: string },
  body: CreatePostBody,
  now: Date = new Date(),
): Post {
  const postId = randomUUID();
  return {
    postId,
    authorId: author.userId,
    authorUsername: author.username,
    text: body.text,
    ...(body.imageContentType
      ? {
          imageKey: imageKeyFor(author.userId, postId, body.imageContentType),
          imageContentType: body.imageContentType,
        }
      : {}),
    createdAt: now.toISOString(),
  };
}

export function imageKeyFor(authorId: string, postId: string, type: ImageContentType): string {
  return `posts/${authorId}/${postId}/image.${imageExtension(type)}`;
}

/**
 * Whether an outbox event must not be published: the POST_CREATED of a post deleted since (its
 * content is gone; announcing it would put it into feeds). Deleting drops such an event from the
 * outbox; one can still be read from a stale index entry.
 */
export function isVoidEvent(
  event: { type: string },
  postStatus: 'active' | 'deleted' | undefined,
): boolean {
  return event.type === 'POST_CREATED' && postStatus === 'deleted';
}
