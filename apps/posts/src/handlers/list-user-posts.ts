import {
  authenticate,
  decodeCursor,
  httpApi,
  pageQuerySchema,
  pageResponse,
  validateRequest,
} from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import * as z from 'zod/mini';
import { authorCursorShape, listPostsByAuthor } from '../store/posts-store';

/** `GET /users/{userId}/posts?limit&cursor` → 200 {posts, nextCursor?}, newest first. */
export const handler = withTracing(
  httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters, query: q } = validateRequest(event, {
      pathParameters: z.object({ userId: z.string().check(z.minLength(1), z.maxLength(128)) }),
      query: pageQuerySchema,
    });
    const { userId } = pathParameters;
    const startKey = decodeCursor(q.cursor, authorCursorShape(userId));
    const page = await listPostsByAuthor(userId, q.limit, startKey);
    return pageResponse({ posts: page.posts }, page.nextKey);
  }),
  { operationType: 'LIST_USER_POSTS' },
);
