import { authenticatedPathId, httpApi, noContent } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { userIdSchema } from '../domain/profile-rules';
import { announceUnfollow } from '../store/follow-events';
import { unfollow } from '../store/follow-store';

/** `DELETE /profiles/{userId}/follow` → 204 (idempotent); publishes USER_UNFOLLOWED. */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: followeeId } = await authenticatedPathId(event, 'userId', userIdSchema);
    annotate('followeeId', followeeId);
    await unfollow(user.userId, followeeId, announceUnfollow);
    return noContent();
  }),
  { operationType: 'UNFOLLOW_USER' },
);
