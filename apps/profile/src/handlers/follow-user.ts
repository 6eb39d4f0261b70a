import {
  authenticate,
  badRequest,
  httpApi,
  json,
  notFound,
  validateRequest,
} from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { followRefusal, userIdSchema } from '../domain/profile-rules';
import { announceFollow } from '../store/follow-events';
import { follow } from '../store/follow-store';
import { getUserProfile } from '../store/profiles-store';

/** `POST /profiles/{userId}/follow` → 200 {following: true} (idempotent); publishes USER_FOLLOWED. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ userId: userIdSchema }),
    });
    const followeeId = pathParameters.userId;
    annotate('followeeId', followeeId);
    if (followRefusal(user.userId, followeeId) === 'self') {
      throw badRequest('You cannot follow yourself');
    }
    if (!(await getUserProfile(followeeId))) throw notFound('Profile not found');
    const change = await follow(user.userId, followeeId, announceFollow);
    return json(200, { following: true, changed: change === 'changed' });
  }),
  { operationType: 'FOLLOW_USER' },
);
