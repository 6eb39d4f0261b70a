import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { updateProfileBodySchema } from '../domain/profile-rules';
import { updateProfile } from '../store/profiles-store';

/** `PATCH /profiles/me` {displayName?, bio?} → 200 {profile}: only ever the caller's own. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { body } = validateRequest(event, { body: updateProfileBodySchema });
    const profile = await updateProfile(user.userId, body);
    if (!profile) throw notFound('Profile not found');
    return json(200, { profile });
  }),
  { operationType: 'UPDATE_PROFILE' },
);
