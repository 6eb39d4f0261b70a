import {
  authenticate,
  decodeCursor,
  encodeCursor,
  httpApi,
  json,
  pageQuerySchema,
  validateRequest,
} from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { userIdSchema } from '../domain/profile-rules';
import { followCursorKey, listFollows } from '../store/follow-store';

/** `GET /profiles/{userId}/following?limit&cursor` → 200 {users: [{userId, since}], nextCursor?} */
export const handler = withTracing(
  httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters, query } = validateRequest(event, {
      pathParameters: z.object({ userId: userIdSchema }),
      query: pageQuerySchema,
    });
    const { userId } = pathParameters;
    const startKey = decodeCursor(query.cursor, followCursorKey('following', userId));
    const page = await listFollows('following', userId, query.limit, startKey);
    const users = page.edges.map((edge) => ({ userId: edge.followeeId, since: edge.createdAt }));
    const nextCursor = encodeCursor(page.nextKey);
    return json(200, { users, ...(nextCursor ? { nextCursor } : {}) });
  }),
  { operationType: 'LIST_FOLLOWING' },
);
