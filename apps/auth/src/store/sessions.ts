import { randomUUID } from 'node:crypto';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  currentSigningKey,
  hashRefreshToken,
  newRefreshToken,
  signAccessToken,
} from '@traced-social/auth-tokens';
import { tracedOperation } from '@traced-social/observability';
import { sessionExpiry, type StoredSession } from '../domain/refresh-rotation';
import { saveRefreshToken, startSession } from './refresh-token-store';

/** What login and refresh answer. */
export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { userId: string; username: string };
}

/** Headers of every answer carrying a token: no cache (browser, proxy) may keep it (RFC 6749 §5.1). */
export const TOKEN_ANSWER_HEADERS = { 'cache-control': 'no-store', pragma: 'no-cache' };

/**
 * Issues an access token and a refresh token, as "IssueTokens": in a new session at sign-in, in
 * the same session at each rotation (so reuse of any older token revokes them all). The refresh
 * token expires with its session: refreshing never extends a session.
 */
export async function issueTokens(
  user: { userId: string; username: string },
  session: StoredSession | undefined,
  now: Date = new Date(),
): Promise<TokenPair> {
  return tracedOperation('IssueTokens', async () => {
    const current = session ?? {
      userId: user.userId,
      familyId: randomUUID(),
      startedAt: now.toISOString(),
      expiresAt: sessionExpiry(now).toISOString(),
    };
    if (!session) await startSession(current);
    const { token: accessToken } = await signAccessToken(user, await currentSigningKey(), { now });
    const refreshToken = newRefreshToken();
    await saveRefreshToken({
      tokenHash: hashRefreshToken(refreshToken),
      userId: user.userId,
      username: user.username,
      familyId: current.familyId,
      expiresAt: current.expiresAt,
    });
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshTokenExpiresAt: current.expiresAt,
      user: { userId: user.userId, username: user.username },
    };
  });
}
