/** A session (a refresh-token family): one sign-in and every token rotated from it. */
export interface StoredSession {
  userId: string;
  familyId: string;
  startedAt: string;
  /** The absolute end of the session: no refresh extends it. */
  expiresAt: string;
  revokedAt?: string;
}

/** A stored refresh token as the rotation rules see it. */
export interface StoredRefreshToken {
  userId: string;
  familyId: string;
  expiresAt: string;
  /** Set when the token was exchanged: a later use is a retry (within the grace) or a replay. */
  rotatedAt?: string;
  /** Whether the pair it was exchanged for is kept (sealed) for retries within the grace. */
  hasSuccessor?: boolean;
}

/** A session lasts this long from sign-in, whatever refreshes happen (decision 1303). */
export const SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * A client that lost the answer to a refresh may retry with the same token this long after the
 * exchange and gets the same new pair; after it, the same token is a replay.
 */
export const REFRESH_RETRY_GRACE_SECONDS = 30;

export type RotationDecision =
  | { action: 'rotate' }
  /** A retry within the grace: answer the pair this token was already exchanged for. */
  | { action: 'repeat' }
  | { action: 'reject'; reason: 'unknown' | 'expired' | 'session-ended' | 'family-revoked' }
  /** A used token came back after the grace: someone holds a stolen copy; the session ends. */
  | { action: 'revoke-family'; reason: 'reuse' };

/**
 * The refresh-token rotation rules (OAuth 2.0 Security BCP, "refresh token rotation"): each token
 * is exchanged once; presenting it again within the grace repeats the answer, after the grace it
 * revokes the whole session. A session ends at its absolute expiry whatever its tokens say.
 */
export function decideRotation(
  token: StoredRefreshToken | undefined,
  session: StoredSession | undefined,
  now: Date = new Date(),
): RotationDecision {
  if (!token) return { action: 'reject', reason: 'unknown' };
  if (!session || session.revokedAt) return { action: 'reject', reason: 'family-revoked' };
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    return { action: 'reject', reason: 'session-ended' };
  }
  if (token.rotatedAt) {
    const since = now.getTime() - Date.parse(token.rotatedAt);
    return token.hasSuccessor && since <= REFRESH_RETRY_GRACE_SECONDS * 1000
      ? { action: 'repeat' }
      : { action: 'revoke-family', reason: 'reuse' };
  }
  if (Date.parse(token.expiresAt) <= now.getTime()) return { action: 'reject', reason: 'expired' };
  return { action: 'rotate' };
}

/** When a session started now ends, and when a token issued now in it expires (the same). */
export function sessionExpiry(startedAt: Date): Date {
  return new Date(startedAt.getTime() + SESSION_LIFETIME_SECONDS * 1000);
}
