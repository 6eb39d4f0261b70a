import type { APIGatewayProxyResult } from 'aws-lambda';
import { hashRefreshToken } from '@traced-social/auth-tokens';
import { httpApi, json, unauthorized, validateRequest } from '@traced-social/http';
import { annotate, logger, withTracing } from '@traced-social/observability';
import { refreshBodySchema } from '../domain/account-rules';
import { decideRotation } from '../domain/refresh-rotation';
import { openSuccessor, sealSuccessor } from '../domain/successor-seal';
import {
  discardRefreshToken,
  findRefreshToken,
  markRotated,
  revokeSession,
} from '../store/refresh-token-store';
import { issueTokens, TOKEN_ANSWER_HEADERS, type TokenPair } from '../store/sessions';

/**
 * `POST /auth/refresh` {refreshToken} → 200 new pair | 401. Each refresh token is exchanged once;
 * the same token again within the grace (a client that lost the answer) gets the same pair; after
 * it, the reuse revokes the whole session. A session ends at its absolute expiry.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { body } = validateRequest(event, { body: refreshBodySchema });
    return exchange(body.refreshToken, new Date(), true);
  }),
  { operationType: 'REFRESH_TOKEN' },
);

async function exchange(
  refreshToken: string,
  now: Date,
  firstAttempt: boolean,
): Promise<APIGatewayProxyResult> {
  const tokenHash = hashRefreshToken(refreshToken);
  const { token, session } = await findRefreshToken(tokenHash, now);
  if (token) annotate('userId', token.userId);
  const decision = decideRotation(token, session, now);
  if (decision.action === 'rotate' && token && session) {
    const pair = await issueTokens(token, session, now);
    if (await markRotated(tokenHash, now, sealSuccessor(pair, refreshToken))) {
      return json(200, pair, TOKEN_ANSWER_HEADERS);
    }
    // Another request exchanged this token first: ours is nobody's; judge the token again
    // (a retry racing its first attempt then gets that attempt's pair).
    await discardRefreshToken(hashRefreshToken(pair.refreshToken));
    if (firstAttempt) return exchange(refreshToken, now, false);
  }
  if (decision.action === 'repeat' && token?.successor) {
    return json(200, openSuccessor<TokenPair>(token.successor, refreshToken), TOKEN_ANSWER_HEADERS);
  }
  if (decision.action === 'revoke-family' && token) {
    // Reuse after the grace: someone holds a copy; nobody keeps this session.
    logger.warn('Refresh token reuse: session revoked', { userId: token.userId });
    await revokeSession(token.userId, token.familyId, now);
  }
  throw unauthorized('Invalid refresh token');
}
