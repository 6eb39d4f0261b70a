/** A stored refresh token as the rotation rules see it. */
export interface StoredRefreshToken {
  userId: string;
  familyId: string;
  expiresAt: string;
  /** Set when the token was exchanged: any later use is a replay. */
  rotatedAt?: string;
}

export type RotationDecision =
  | { action: 'rotate' }
  | { action: 'reject'; reason: 'unknown' | 'expired' | 'family-revoked' }
  /** A used token came back: someone holds a stolen copy; the whole family is revoked. */
  | { action: 'revoke-family'; reason: 'reuse' };

/**
 * The refresh-token rotation rules (OAuth 2.0 Security BCP, "refresh token rotation"): each token
 * is exchanged once; presenting a token again revokes every token of its family.
 */
export function decideRotation(
  token: StoredRefreshToken | undefined,
  familyRevoked: boolean,
  now: Date = new Date(),
): RotationDecision {
  if (!token) return { action: 'reject', reason: 'unknown' };
  if (familyRevoked) return { action: 'reject', reason: 'family-revoked' };
  if (token.rotatedAt) return { action: 'revoke-family', reason: 'reuse' };
  if (Date.parse(token.expiresAt) <= now.getTime()) return { action: 'reject', reason: 'expired' };
  return { action: 'rotate' };
}
