import { createHash, randomBytes } from 'node:crypto';

/** Refresh tokens live for 30 days, rotated at every use. */
export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 60 * 60;

/** A new opaque refresh token: 256 random bits, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a refresh token. SHA-256 suffices (unlike passwords): the token is 256
 * random bits, so there is nothing to brute-force, and the lookup must be by exact hash.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
