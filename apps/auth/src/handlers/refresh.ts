import { hashRefreshToken } from '@traced-social/auth-tokens';
import { httpApi, json, unauthorized, validateRequest } from '@traced-social/http';
import { annotate, logger, withTracing } from '@traced-social/observability';
import { refreshBodySchema } from '../domain/account-rules';
import { decideRotation } from '../domain/refresh-rotation';
import { findRefreshToken, markRotated, revokeFamily } from '../store/refresh-token-store';
import { issueTokens } from '../store/sessions';

/**
 * `POST /auth/refresh` {refreshToken} → 200 new pair | 401. Each refresh token works once; a
 * reused one revokes its whole family (the legitimate holder logs in again).
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: refreshBodySchema });
    const tokenHash = hashRefreshToken(body.refreshToken);
    const now = new Date();
    const { token, familyRevoked } = await findRefreshToken(tokenHash);
    if (token) annotate('userId', token.userId);
    const decision = decideRotation(token, familyRevoked, now);
    if (decision.action === 'rotate' && token) {
      if (await markRotated(tokenHash, now)) {
        return json(200, await issueTokens(token, token.familyId, now));
      }
    }
    if (token && decision.action !== 'reject') {
      // Reuse (or a replay racing this very rotation): nobody keeps this family.
      logger.warn('Refresh token reuse: family revoked', { userId: token.userId });
      await revokeFamily(token.familyId, now);
    }
    throw unauthorized('Invalid refresh token');
  }),
  { operationType: 'REFRESH_TOKEN' },
);
