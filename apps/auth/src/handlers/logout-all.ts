import { authenticate, httpApi, noContent } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { revokeAllSessions } from '../store/refresh-token-store';

/**
 * `POST /auth/logout-all` (bearer access token, no body) → 204. Revokes every session of the
 * caller ("sign out everywhere"): no refresh token of any device works after it. Access tokens
 * already issued stay valid until they expire (15 minutes at most).
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    await revokeAllSessions(user.userId, new Date());
    return noContent();
  }),
  { operationType: 'LOGOUT_ALL' },
);
