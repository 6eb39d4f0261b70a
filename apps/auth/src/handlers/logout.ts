import { hashRefreshToken } from '@traced-social/auth-tokens';
import { httpApi, noContent, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { refreshBodySchema } from '../domain/account-rules';
import { findRefreshToken, revokeSession } from '../store/refresh-token-store';

/**
 * `POST /auth/logout` {refreshToken} → 204. Revokes the token's session (its whole family).
 * An unknown token also answers 204: logging out twice is not an error, and the answer says
 * nothing about which tokens exist.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: refreshBodySchema });
    const now = new Date();
    const { token } = await findRefreshToken(hashRefreshToken(body.refreshToken), now);
    if (token) {
      annotate('userId', token.userId);
      await revokeSession(token.userId, token.familyId, now);
    }
    return noContent();
  }),
  { operationType: 'LOGOUT' },
);
