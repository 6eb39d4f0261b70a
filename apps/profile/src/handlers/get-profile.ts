import { authenticatedPathId, httpApi, json, notFound } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { userIdSchema } from '../domain/profile-rules';
import { getUserProfile } from '../store/profiles-store';

/** `GET /profiles/{userId}` → 200 {profile} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { id: userId } = await authenticatedPathId(event, 'userId', userIdSchema);
    const profile = await getUserProfile(userId);
    if (!profile) throw notFound('Profile not found');
    return json(200, { profile });
  }),
  { operationType: 'GET_PROFILE' },
);
