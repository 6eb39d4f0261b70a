import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import * as z from 'zod/mini';
import { findProfileByUsername } from '../store/profiles-store';

/** `GET /profiles/by-username/{username}` → 200 {profile} | 404 (any letter case) */
export const handler = withTracing(
  httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ username: z.string().check(z.regex(/^[A-Za-z0-9_]{3,30}$/)) }),
    });
    const profile = await findProfileByUsername(pathParameters.username);
    if (!profile) throw notFound('Profile not found');
    return json(200, { profile });
  }),
  { operationType: 'GET_PROFILE_BY_USERNAME' },
);
