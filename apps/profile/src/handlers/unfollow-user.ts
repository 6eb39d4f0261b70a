import { authenticate, httpApi, noContent, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { userIdSchema } from '../domain/profile-rules';
import { announceUnfollow } from '../store/follow-events';
import { unfollow } from '../store/follow-store';

/** `DELETE /profiles/{userId}/follow` → 204 (idempotent); publishes USER_UNFOLLOWED. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ userId: userIdSchema }),
    });
    annotate('followeeId', pathParameters.userId);
    await unfollow(user.userId, pathParameters.userId, announceUnfollow);
    return noContent();
  }),
  { operationType: 'UNFOLLOW_USER' },
);
