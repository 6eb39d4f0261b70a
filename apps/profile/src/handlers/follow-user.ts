import { authenticatedPathId, badRequest, httpApi, json, notFound } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { followRefusal, userIdSchema } from '../domain/profile-rules';
import { announceFollow } from '../store/follow-events';
import { follow } from '../store/follow-store';
import { getUserProfile } from '../store/profiles-store';

/** `POST /profiles/{userId}/follow` → 200 {following: true} (idempotent); publishes USER_FOLLOWED. */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: followeeId } = await authenticatedPathId(event, 'userId', userIdSchema);
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
