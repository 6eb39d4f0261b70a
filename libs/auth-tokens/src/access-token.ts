import {
  createLocalJWKSet,
  decodeProtectedHeader,
  errors,
  importJWK,
  jwtVerify,
  SignJWT,
  type KeyLike,
} from 'jose';
import { ACCESS_TOKEN_ALGORITHM, type PublishedKeys, type SigningKey } from './signing-keys';

/** Who an access token speaks for. */
export interface AccessTokenClaims {
  userId: string;
  username: string;
}

export const ACCESS_TOKEN_ISSUER = 'traced-social/auth';
export const ACCESS_TOKEN_AUDIENCE = 'traced-social/api';
/** Short-lived on purpose: the refresh token (rotated, revocable) is what lasts. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Clock skew tolerated between the signer and a verifier. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** Why a token was refused; the API answers 401 for all of them. */
export type TokenProblem = 'missing' | 'expired' | 'invalid' | 'unknown-key';

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

/** Signs an ES256 access token for a user, naming the signing key in the `kid` header. */
export async function signAccessToken(
  claims: AccessTokenClaims,
  signingKey: SigningKey,
  options: { ttlSeconds?: number; now?: Date } = {},
): Promise<{ token: string; expiresAt: Date }> {
  const issuedAt = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresAtSeconds = issuedAt + (options.ttlSeconds ?? ACCESS_TOKEN_TTL_SECONDS);
  const token = await new SignJWT({ username: claims.username })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHM, typ: 'JWT', kid: signingKey.kid })
    .setSubject(claims.userId)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAtSeconds)
    .sign(await privateKeyOf(signingKey));
  return { token, expiresAt: new Date(expiresAtSeconds * 1000) };
}

/**
 * Verifies an access token against the published public keys: the algorithm is pinned to ES256,
 * the `kid` must name a published key, and `exp`, `iat`, `sub`, `iss` and `aud` must all be
 * present and right (a token without `exp` would never expire; one issued more than a token
 * lifetime ago is refused whatever its `exp` says). Throws a `TokenError`: `unknown-key` when the
 * `kid` is not published (the caller may refresh its copy of the keys and retry), `expired`, or
 * `invalid` for everything else.
 */
export async function verifyAccessToken(
  token: string,
  keys: PublishedKeys,
  options: { now?: Date } = {},
): Promise<AccessTokenClaims> {
  try {
    const { kid } = decodeProtectedHeader(token);
    if (typeof kid !== 'string' || kid === '') throw new TokenError('invalid');
    const { payload } = await jwtVerify(token, createLocalJWKSet(keys), {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      requiredClaims: ['exp', 'iat', 'sub', 'iss', 'aud'],
      maxTokenAge: ACCESS_TOKEN_TTL_SECONDS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: options.now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.username !== 'string') {
      throw new TokenError('invalid');
    }
    return { userId: payload.sub, username: payload.username };
  } catch (error) {
    if (error instanceof TokenError) throw error;
    if (error instanceof errors.JWKSNoMatchingKey) throw new TokenError('unknown-key');
    if (error instanceof errors.JWTExpired) throw new TokenError('expired');
    if (error instanceof errors.JOSEError) throw new TokenError('invalid');
    // Malformed input (not three base64url parts) surfaces as a TypeError from the decoder.
    if (error instanceof TypeError) throw new TokenError('invalid');
    throw error;
  }
}

const importedKeys = new WeakMap<SigningKey, Promise<KeyLike | Uint8Array>>();

/** The signing key as a crypto key, imported once per key object. */
function privateKeyOf(signingKey: SigningKey): Promise<KeyLike | Uint8Array> {
  let key = importedKeys.get(signingKey);
  if (!key) {
    key = importJWK(signingKey, ACCESS_TOKEN_ALGORITHM);
    importedKeys.set(signingKey, key);
  }
  return key;
}
