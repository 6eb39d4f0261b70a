import type { APIGatewayProxyResult } from 'aws-lambda';
import * as z from 'zod/mini';
import { badRequest } from './errors';
import { json } from './responses';

/**
 * Pagination cursors: the DynamoDB key a page ended at, as opaque base64url JSON. Keyset
 * pagination stays stable when items are added while a client pages (no offsets to shift).
 */
export type CursorKey = Record<string, string | number>;

export function encodeCursor(key: CursorKey | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key), 'utf8').toString('base64url') : undefined;
}

/** The 400 of a cursor that `encodeCursor` did not make, or that belongs to another list. */
export const invalidCursor = () =>
  badRequest('Invalid cursor', { 'query.cursor': ['Invalid cursor'] });

/**
 * What a list's cursors look like: `pinned` attributes must hold exactly these values (the
 * partition being listed, so a cursor of another list is refused), and `keys` name the other
 * attributes, each a non-empty string. A cursor with any other attribute, or a value of another
 * type, is refused before it reaches DynamoDB (which would answer a ValidationException: a 500).
 */
export interface CursorShape {
  pinned: CursorKey;
  keys: readonly string[];
}

/** Longest key attribute value a cursor may carry (DynamoDB sort keys stop at 1,024 bytes). */
const MAX_KEY_VALUE_LENGTH = 1024;

/** Reads a cursor a client sent back; anything not of the list's `shape` is a 400. */
export function decodeCursor(
  cursor: string | undefined,
  shape: CursorShape,
): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  if (!/^[A-Za-z0-9_-]{1,2048}$/.test(cursor)) throw invalidCursor();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidCursor();
  const key = value as Record<string, unknown>;
  const names = [...Object.keys(shape.pinned), ...shape.keys];
  const fits =
    Object.keys(key).length === names.length &&
    Object.entries(shape.pinned).every(([name, pinned]) => key[name] === pinned) &&
    shape.keys.every((name) => {
      const v = key[name];
      return typeof v === 'string' && v.length > 0 && v.length <= MAX_KEY_VALUE_LENGTH;
    });
  if (!fits) throw invalidCursor();
  return key as CursorKey;
}

/** `?limit=`: a whole number from 1 to `max` (query strings are text: coerced), `fallback` when absent. */
export function pageLimitSchema(max: number, fallback: number) {
  return z._default(
    z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(max))),
    fallback,
  );
}

/** The query of every paged listing: `?limit=1..100` (default 20) and `?cursor=...`. */
export const pageQuerySchema = z.object({
  limit: pageLimitSchema(100, 20),
  cursor: z.optional(z.string()),
});

/**
 * The 200 answer of a paged listing: `body` plus `nextCursor` (the encoded `nextKey`) when there
 * is a next page; no `nextCursor` on the last page.
 */
export function pageResponse(
  body: Record<string, unknown>,
  nextKey: CursorKey | undefined,
): APIGatewayProxyResult {
  const nextCursor = encodeCursor(nextKey);
  return json(200, { ...body, ...(nextCursor ? { nextCursor } : {}) });
}
