import { SignJWT, UnsecuredJWT, importJWK } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  generateSigningKey,
  hashRefreshToken,
  newRefreshToken,
  parsePublishedKeys,
  parseSigningKey,
  publicKeyOf,
  signAccessToken,
  TokenError,
  verifyAccessToken,
  type PublishedKeys,
  type SigningKey,
} from './index';

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
  let key: SigningKey;
  let keys: PublishedKeys;

  beforeAll(async () => {
    key = await generateSigningKey();
    keys = { keys: [publicKeyOf(key)] };
  });

  /** A token signed with the real key but with claims chosen by the test. */
  const craft = async (
    build: (jwt: SignJWT) => SignJWT,
    header: Record<string, unknown> = { alg: 'ES256', kid: key.kid },
  ) =>
    build(new SignJWT({ username: 'ada' }).setProtectedHeader({ alg: 'ES256', ...header })).sign(
      await importJWK(key, 'ES256'),
    );

  /** Every claim a valid access token carries (the user's are set by `craft`). */
  const full = (jwt: SignJWT) =>
    jwt
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m');

  it('signs ES256 with the key id and verifies the user claims', async () => {
    const { token, expiresAt } = await signAccessToken(claims, key);
    expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
      alg: 'ES256',
      typ: 'JWT',
      kid: key.kid,
    });
    await expect(verifyAccessToken(token, keys)).resolves.toEqual(claims);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses an expired token as expired', async () => {
    const { token } = await signAccessToken(claims, key, {
      now: new Date(Date.now() - 3600_000),
      ttlSeconds: 60,
    });
    expect(await problemOf(verifyAccessToken(token, keys))).toBe('expired');
  });

  it('refuses tokens signed with the real key that lack exp, iat, sub, iss or aud', async () => {
    await expect(verifyAccessToken(await craft(full), keys)).resolves.toEqual(claims);
    const noExp = await craft((jwt) =>
      jwt
        .setSubject('u-1')
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt(),
    );
    const noIat = await craft((jwt) =>
      jwt
        .setSubject('u-1')
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setExpirationTime('10m'),
    );
    const noSub = await craft((jwt) =>
      jwt
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m'),
    );
    const noIss = await craft((jwt) =>
      jwt
        .setSubject('u-1')
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m'),
    );
    const noAud = await craft((jwt) =>
      jwt.setSubject('u-1').setIssuer(ACCESS_TOKEN_ISSUER).setIssuedAt().setExpirationTime('10m'),
    );
    for (const token of [noExp, noIat, noSub, noIss, noAud]) {
      expect(await problemOf(verifyAccessToken(token, keys))).toBe('invalid');
    }
  });

  it('refuses a token issued longer ago than a token lifetime, whatever its exp says', async () => {
    const longLived = await craft((jwt) =>
      jwt
        .setSubject('u-1')
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime('1y'),
    );
    expect(await problemOf(verifyAccessToken(longLived, keys))).toBe('expired');
  });

  it('refuses another key, an unpublished kid, no kid, HS256, unsigned tokens and garbage', async () => {
    const other = await generateSigningKey();
    const { token: otherKey } = await signAccessToken(claims, other);
    const { token: sameKidOtherKey } = await signAccessToken(claims, { ...other, kid: key.kid });
    const noKid = await craft(full, { alg: 'ES256' });
    // The public key's coordinates used as an HMAC secret: the classic algorithm confusion.
    const hs256 = await full(
      new SignJWT({ username: 'ada' }).setProtectedHeader({ alg: 'HS256', kid: key.kid }),
    ).sign(new TextEncoder().encode(JSON.stringify(publicKeyOf(key))));
    const unsigned = new UnsecuredJWT({ username: 'ada' })
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .encode();
    expect(await problemOf(verifyAccessToken(otherKey, keys))).toBe('unknown-key');
    expect(await problemOf(verifyAccessToken(sameKidOtherKey, keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(noKid, keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(hs256, keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(unsigned, keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken('not.a.jwt', keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken('', keys))).toBe('invalid');
  });

  it('refuses a validly signed token for another audience or without a username', async () => {
    const otherAudience = await craft((jwt) =>
      jwt
        .setSubject('u-1')
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience('someone-else')
        .setIssuedAt()
        .setExpirationTime('1h'),
    );
    const noUsername = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setSubject('u-1')
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(await importJWK(key, 'ES256'));
    expect(await problemOf(verifyAccessToken(otherAudience, keys))).toBe('invalid');
    expect(await problemOf(verifyAccessToken(noUsername, keys))).toBe('invalid');
  });

  it('accepts tokens of every published key (current and previous)', async () => {
    const next = await generateSigningKey();
    const both = { keys: [publicKeyOf(next), publicKeyOf(key)] };
    const { token: old } = await signAccessToken(claims, key);
    const { token: fresh } = await signAccessToken(claims, next);
    await expect(verifyAccessToken(old, both)).resolves.toEqual(claims);
    await expect(verifyAccessToken(fresh, both)).resolves.toEqual(claims);
  });
});

describe('key parsing', () => {
  it('keeps the private part out of the published key and refuses keys of the wrong kind', async () => {
    const key = await generateSigningKey(new Date('2026-11-27T12:00:00Z'));
    expect(key.kid).toMatch(/^20261127T120000-[0-9a-f]{8}$/);
    expect(publicKeyOf(key)).not.toHaveProperty('d');
    expect(parseSigningKey(JSON.stringify(key))).toEqual(key);
    expect(() => parseSigningKey(JSON.stringify(publicKeyOf(key)))).toThrow('private ES256 JWK');
    expect(() => parsePublishedKeys(JSON.stringify({ keys: [key] }))).toThrow('public keys');
    expect(() => parsePublishedKeys('{"keys":[]}')).toThrow('no keys');
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
