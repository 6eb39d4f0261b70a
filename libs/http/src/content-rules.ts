import * as z from 'zod/mini';

/**
 * Rules for user-written content shared by every domain (posts, profiles, ...), so the same
 * input is judged the same everywhere.
 */

/** Image types the product accepts for upload, with the file extension each is stored under. */
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] as const;
export type ImageContentType = (typeof IMAGE_CONTENT_TYPES)[number];
const IMAGE_EXTENSIONS: Record<ImageContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};
export const imageExtension = (type: ImageContentType): string => IMAGE_EXTENSIONS[type];

// Control characters other than tab, line feed and carriage return: they break rendering and
// can smuggle terminal escapes into logs and feeds.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/**
 * User text: at most `max` characters (Unicode code points, not UTF-16 units), no control
 * characters, and not blank unless `allowBlank`.
 */
export function userTextSchema(options: { label: string; max: number; allowBlank?: boolean }) {
  const { label, max, allowBlank = false } = options;
  return z.string().check(
    z.refine((text) => allowBlank || text.trim().length > 0, `${label} must not be empty`),
    z.refine((text) => [...text].length <= max, `${label} must be at most ${max} characters`),
    z.refine(
      (text) => !FORBIDDEN_CONTROL.test(text),
      `${label} must not contain control characters`,
    ),
  );
}
