import { SignJWT, UnsecuredJWT } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  hashRefreshToken,
  jwtSecret,
  newRefreshToken,
  signAccessToken,
  TokenError,
  verifyAccessToken,
} from './index';

const secret = 'a-test-secret-that-is-long-enough-for-hs256';
const claims = { userId: 'u-1', username: 'ada' };

async function problemOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return error instanceof TokenError ? error.problem : `other: ${String(error)}`;
  }
}

describe('access tokens', () => {
  it('signs and verifies the user claims', async () => {
    const { token, expiresAt } = await signAccessToken(claims, secret);
    await expect(verifyAccessToken(token, secret)).resolves.toEqual(claims);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses an expired token as expired', async () => {
    const { token } = await signAccessToken(claims, secret, {
      now: new Date(Date.now() - 3600_000),
      ttlSeconds: 60,
    });
    expect(await problemOf(verifyAccessToken(token, secret))).toBe('expired');
  });

  it('refuses a token signed with another secret, an unsigned one and garbage as invalid', async () => {
    const { token: forged } = await signAccessToken(claims, `${secret}-other`);
    const unsigned = new UnsecuredJWT({ username: 'ada' })
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setExpirationTime('1h')
      .encode();
    expect(await problemOf(verifyAccessToken(forged, secret))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(unsigned, secret))).toBe('invalid');
    expect(await problemOf(verifyAccessToken('not.a.jwt', secret))).toBe('invalid');
  });

  it('refuses a validly signed token for another audience or without a username', async () => {
    const key = new TextEncoder().encode(secret);
    const otherAudience = await new SignJWT({ username: 'ada' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience('someone-else')
      .setExpirationTime('1h')
      .sign(key);
    const noUsername = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setExpirationTime('1h')
      .sign(key);
    expect(await problemOf(verifyAccessToken(otherAudience, secret))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(noUsername, secret))).toBe('invalid');
  });

  it('refuses a secret too short for HS256', async () => {
    await expect(signAccessToken(claims, 'short')).rejects.toThrow('at least 32 bytes');
  });
});

describe('refresh tokens', () => {
  it('are random and stored as a stable hash that does not contain them', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashRefreshToken(a)).toBe(hashRefreshToken(a));
    expect(hashRefreshToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(a)).not.toContain(a);
  });
});

describe('jwtSecret', () => {
  it('reads JWT_SECRET, and says what is missing when nothing is configured', async () => {
    await expect(jwtSecret({ JWT_SECRET: secret })).resolves.toBe(secret);
    await expect(jwtSecret({})).rejects.toThrow('Neither JWT_SECRET nor JWT_SECRET_ARN is set');
  });
});
