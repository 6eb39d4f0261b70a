import { registerBodySchema, refreshBodySchema } from './account-rules';
import { DECOY_HASH, hashPassword, verifyPassword } from './passwords';
import {
  decideRotation,
  REFRESH_RETRY_GRACE_SECONDS,
  SESSION_LIFETIME_SECONDS,
  sessionExpiry,
  type StoredRefreshToken,
  type StoredSession,
} from './refresh-rotation';

describe('account rules', () => {
  const valid = { email: ' Ada@Example.COM ', username: 'ada_l', password: 'correct horse 42' };

  it('accepts a valid registration and normalises the email', () => {
    expect(registerBodySchema.parse(valid)).toEqual({ ...valid, email: 'ada@example.com' });
  });

  it.each([
    ['a short password', { password: 'short1' }, 'Password must be at least 10 characters'],
    [
      'a password of letters only',
      { password: 'onlyletterslong' },
      'Password must mix letters and other characters',
    ],
    [
      'a password containing the username',
      { password: 'my ada_l password 1' },
      'Password must not contain the username',
    ],
    [
      'a bad username',
      { username: 'a!' },
      'Username must be 3 to 30 letters, digits or underscores',
    ],
    ['a bad email', { email: 'not-an-email' }, 'Email is not valid'],
  ])('refuses %s without echoing the value', (_name, change, message) => {
    const result = registerBodySchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => i.message);
    expect(messages).toContain(message);
    expect(JSON.stringify(result.error!.issues)).not.toContain(Object.values(change)[0]);
  });

  it('accepts only well-formed refresh tokens', () => {
    expect(refreshBodySchema.safeParse({ refreshToken: 'a'.repeat(43) }).success).toBe(true);
    expect(refreshBodySchema.safeParse({ refreshToken: 'a'.repeat(42) }).success).toBe(false);
  });
});

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const hash = await hashPassword('correct horse 42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(hash).not.toContain('correct horse 42');
    await expect(verifyPassword('correct horse 42', hash)).resolves.toBe(true);
    await expect(verifyPassword('wrong horse 42', hash)).resolves.toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same password 1')).not.toBe(await hashPassword('same password 1'));
  });

  it('never accepts a password for an unknown account (the decoy hash)', async () => {
    await expect(verifyPassword('decoy-password-never-matches-anything', undefined)).resolves.toBe(
      false,
    );
  });

  it('makes the decoy cost what a stored hash costs: same algorithm and parameters', async () => {
    const parameters = (phc: string) => phc.split('$').slice(1, 4).join('$');
    expect(parameters(DECOY_HASH)).toBe(parameters(await hashPassword('any password 1')));
    expect(parameters(DECOY_HASH)).toBe('argon2id$v=19$m=19456,t=2,p=1');
  });
});

describe('refresh token rotation', () => {
  const now = new Date('2026-11-26T12:00:00Z');
  const token: StoredRefreshToken = {
    userId: 'u1',
    familyId: 'f1',
    expiresAt: '2026-12-26T12:00:00Z',
  };
  const session: StoredSession = {
    userId: 'u1',
    familyId: 'f1',
    startedAt: '2026-11-26T11:00:00Z',
    expiresAt: '2026-12-26T11:00:00Z',
  };
  const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

  it('rotates a fresh token', () => {
    expect(decideRotation(token, session, now)).toEqual({ action: 'rotate' });
  });

  it('repeats the answer to a retry within the grace, and revokes the family after it', () => {
    const used = { ...token, hasSuccessor: true };
    expect(
      decideRotation({ ...used, rotatedAt: secondsAgo(REFRESH_RETRY_GRACE_SECONDS) }, session, now),
    ).toEqual({ action: 'repeat' });
    expect(
      decideRotation(
        { ...used, rotatedAt: secondsAgo(REFRESH_RETRY_GRACE_SECONDS + 1) },
        session,
        now,
      ),
    ).toEqual({ action: 'revoke-family', reason: 'reuse' });
    // Without a kept answer there is nothing to repeat: a reuse.
    expect(decideRotation({ ...token, rotatedAt: secondsAgo(1) }, session, now)).toEqual({
      action: 'revoke-family',
      reason: 'reuse',
    });
  });

  it('rejects unknown, expired and revoked tokens, and any token of an ended session', () => {
    expect(decideRotation(undefined, session, now)).toEqual({
      action: 'reject',
      reason: 'unknown',
    });
    expect(decideRotation({ ...token, expiresAt: secondsAgo(1) }, session, now)).toEqual({
      action: 'reject',
      reason: 'expired',
    });
    expect(decideRotation(token, { ...session, revokedAt: secondsAgo(5) }, now)).toEqual({
      action: 'reject',
      reason: 'family-revoked',
    });
    expect(decideRotation(token, undefined, now)).toEqual({
      action: 'reject',
      reason: 'family-revoked',
    });
    expect(decideRotation(token, { ...session, expiresAt: secondsAgo(1) }, now)).toEqual({
      action: 'reject',
      reason: 'session-ended',
    });
  });

  it('ends a session a fixed time after sign-in', () => {
    expect(sessionExpiry(now).getTime() - now.getTime()).toBe(SESSION_LIFETIME_SECONDS * 1000);
  });
});
