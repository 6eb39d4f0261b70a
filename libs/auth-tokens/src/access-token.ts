import { errors, jwtVerify, SignJWT } from 'jose';

/** Who an access token speaks for. */
export interface AccessTokenClaims {
  userId: string;
  username: string;
}

export const ACCESS_TOKEN_ISSUER = 'traced-social/auth';
export const ACCESS_TOKEN_AUDIENCE = 'traced-social/api';
/** Short-lived on purpose: the refresh token (rotated, revocable) is what lasts. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;

/** Why a token was refused; the API answers 401 for all of them. */
export type TokenProblem = 'missing' | 'expired' | 'invalid';

export class TokenError extends Error {
  constructor(readonly problem: TokenProblem) {
    super(
      problem === 'missing'
        ? 'No bearer token'
        : problem === 'expired'
          ? 'Token expired'
          : 'Token invalid',
    );
    this.name = 'TokenError';
  }
}

function key(secret: string): Uint8Array {
  // HS256 needs at least 256 bits of key: refuse a weak configuration loudly.
  if (Buffer.byteLength(secret, 'utf8') < 32) {
    throw new Error('The JWT secret must be at least 32 bytes long');
  }
  return new TextEncoder().encode(secret);
}

/** Signs an HS256 access token for a user. */
export async function signAccessToken(
  claims: AccessTokenClaims,
  secret: string,
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAtSeconds = issuedAt + (options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ username: claims.username })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .sign(key(secret));
  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/**
 * Verifies an access token (signature, algorithm, issuer, audience, expiry) and returns its
 * claims, or throws a `TokenError` saying only whether it was expired or otherwise invalid.
 */
export async function verifyAccessToken(
  token: string,
  secret: string,
  options: { now?: Date } = {},
): Promise<AccessTokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      currentDate: options.now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
      throw new TokenError('invalid');
    }
    return { userId: payload.sub, username: payload.username };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new TokenError('expired');
    if (error instanceof errors.JOSEError) throw new TokenError('invalid');
    throw error;
  }
}
