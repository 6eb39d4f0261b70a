import {
  authenticate,
  decodeCursor,
  httpApi,
  type ApiHandler,
  pageQuerySchema,
  pageResponse,
  validateRequest,
} from '@traced-social/http';
import * as z from 'zod/mini';
import { userIdSchema } from '../domain/profile-rules';
import { followCursorShape, listFollows } from '../store/follow-store';

/**
 * The API of `GET /profiles/{userId}/followers|following?limit&cursor` → 200
 * {users: [{userId, since}], nextCursor?}: both listings are the same but for the direction.
 * Each handler module wraps it with `withTracing` and its own operationType.
 */
export function followListingApi(direction: 'followers' | 'following'): ApiHandler {
  return httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters, query } = validateRequest(event, {
      pathParameters: z.object({ userId: userIdSchema }),
      query: pageQuerySchema,
    });
    const { userId } = pathParameters;
    const startKey = decodeCursor(query.cursor, followCursorShape(direction, userId));
    const page = await listFollows(direction, userId, query.limit, startKey);
    const users = page.edges.map((edge) => ({
      userId: direction === 'followers' ? edge.followerId : edge.followeeId,
      since: edge.createdAt,
    }));
    return pageResponse({ users }, page.nextKey);
  });
}
