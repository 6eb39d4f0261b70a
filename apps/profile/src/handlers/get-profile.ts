import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { userIdSchema } from '../domain/profile-rules';
import { getUserProfile } from '../store/profiles-store';

/** `GET /profiles/{userId}` → 200 {profile} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ userId: userIdSchema }),
    });
    const profile = await getUserProfile(pathParameters.userId);
    if (!profile) throw notFound('Profile not found');
    return json(200, { profile });
  }),
  { operationType: 'GET_PROFILE' },
);
