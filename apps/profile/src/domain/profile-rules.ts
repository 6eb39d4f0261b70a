import { randomUUID } from 'node:crypto';
import {
  IMAGE_CONTENT_TYPES,
  imageExtension,
  userTextSchema,
  type ImageContentType,
} from '@traced-social/http/content-rules';
import * as z from 'zod/mini';

/** What a profile may hold and how avatars are named. */
export const MAX_DISPLAY_NAME_LENGTH = 50;
export const MAX_BIO_LENGTH = 300;
export const MAX_AVATAR_BYTES = 2 * 1024 * 1024;

export const userIdSchema = z.string().check(z.minLength(1), z.maxLength(128));

export const updateProfileBodySchema = z
  .strictObject({
    displayName: z.optional(
      userTextSchema({ label: 'Display name', max: MAX_DISPLAY_NAME_LENGTH }),
    ),
    bio: z.optional(userTextSchema({ label: 'Bio', max: MAX_BIO_LENGTH, allowBlank: true })),
  })
  .check(
    z.refine((body) => body.displayName !== undefined || body.bio !== undefined, {
      message: 'Give displayName, bio or both',
    }),
  );
export type ProfileChanges = z.infer<typeof updateProfileBodySchema>;

export const avatarUploadBodySchema = z.object({
  contentType: z.enum(IMAGE_CONTENT_TYPES),
  size: z.int().check(z.positive(), z.maximum(MAX_AVATAR_BYTES)),
});

/** A fresh object key per upload, so a cached old avatar is never served for the new one. */
export function avatarKeyFor(userId: string, contentType: ImageContentType): string {
  return `avatars/${userId}/${randomUUID()}.${imageExtension(contentType)}`;
}

export type FollowRefusal = 'self';

/** Whether `followerId` may follow `followeeId` (the followee's existence is the store's job). */
export function followRefusal(followerId: string, followeeId: string): FollowRefusal | undefined {
  return followerId === followeeId ? 'self' : undefined;
}
