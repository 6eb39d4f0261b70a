import {
  authenticate,
  decodeCursor,
  httpApi,
  pageLimitSchema,
  pageResponse,
  validateRequest,
} from '@traced-social/http';
import { addMetadata, withTracing } from '@traced-social/observability';
import * as z from 'zod/mini';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../domain/feed';
import { readFeedPage } from '../services/feed-reader';

const query = z.object({
  limit: pageLimitSchema(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  cursor: z.optional(z.string()),
});

/** `GET /feed?limit&cursor` → 200 {posts, nextCursor?}: the caller's feed, newest first. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { query: q } = validateRequest(event, { query });
    // The cursor is pinned to its owner (another user's cursor is a 400) and holds a position.
    const after = decodeCursor(q.cursor, { pinned: { u: user.userId }, keys: ['p'] })?.p as
      string | undefined;
    const page = await readFeedPage(user.userId, q.limit, after);
    addMetadata('feed', { source: page.source, entries: page.entries.length });
    const nextKey = page.next ? { u: user.userId, p: page.next } : undefined;
    return pageResponse({ posts: page.entries }, nextKey);
  }),
  { operationType: 'GET_FEED' },
);
