import { randomUUID } from 'node:crypto';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  hashRefreshToken,
  currentSigningKey,
  newRefreshToken,
  REFRESH_TOKEN_TTL_SECONDS,
  signAccessToken,
} from '@traced-social/auth-tokens';
import { tracedOperation } from '@traced-social/observability';
import { saveRefreshToken } from './refresh-token-store';

/** What login and refresh answer. */
export interface TokenPair {
  tokenType: 'Bearer';
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  user: { userId: string; username: string };
}

/**
 * Issues an access token and a refresh token, as "IssueTokens": a new family at login, the same
 * family at each rotation (so reuse of any older token revokes them all).
 */
export async function issueTokens(
  user: { userId: string; username: string },
  familyId?: string,
  now: Date = new Date(),
): Promise<TokenPair> {
  return tracedOperation('IssueTokens', async () => {
    const { token: accessToken } = await signAccessToken(user, await currentSigningKey(), { now });
    const refreshToken = newRefreshToken();
    const expiresAt = new Date(now.getTime() + REFRESH_TOKEN_TTL_SECONDS * 1000).toISOString();
    await saveRefreshToken(
      {
        tokenHash: hashRefreshToken(refreshToken),
        userId: user.userId,
        username: user.username,
        familyId: familyId ?? randomUUID(),
        expiresAt,
      },
      familyId === undefined,
    );
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      refreshToken,
      refreshTokenExpiresAt: expiresAt,
      user: { userId: user.userId, username: user.username },
    };
  });
}
