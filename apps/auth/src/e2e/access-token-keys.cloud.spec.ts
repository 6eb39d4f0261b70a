import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, importJWK, SignJWT } from 'jose';
import {
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  parseSigningKey,
} from '@traced-social/auth-tokens';
import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import { accessTokenSecretNames } from '@traced-social/manifest';
import { e2eAccount } from './e2e-account';

jest.setTimeout(300_000);

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..', '..');
const run = promisify(execFile);

/**
 * The access-token keys through the local cloud: auth signs with the private key it alone reads,
 * profile verifies with the published JWKS, and `npm run rotate-keys -- --local` (the script
 * itself) rotates them while both run.
 */
describe('access-token keys and their rotation, through the local cloud', () => {
  let session: CloudSession;
  const account = e2eAccount('rotation');
  let userId: string;

  const login = async () => {
    const { status, body } = await session.api<{ accessToken: string; user: { userId: string } }>(
      'POST',
      '/auth/login',
      { body: { email: account.email, password: account.password } },
    );
    expect(status).toBe(200);
    return body.accessToken;
  };
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  const profileStatus = async (token: string) =>
    (await session.api('GET', `/profiles/${userId}`, { token })).status;
  const rotateKeys = () =>
    run(
      'node',
      [
        '-r',
        './tools/scripts/register-ts.js',
        'apps/auth/src/cli/rotate-keys.ts',
        '--local',
        '--endpoint',
        session.cloud.endpoints.secretsManager,
        // The key made at start is seconds old: rotating it now is the forced (compromise) case.
        '--force',
      ],
      { cwd: WORKSPACE_ROOT },
    );
  const currentKey = () =>
    parseSigningKey(session.cloud.secrets.read(accessTokenSecretNames('local').signingKey) ?? '');

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['auth', 'profile'] });
    const registered = await session.api<{ user: { userId: string } }>('POST', '/auth/register', {
      body: account,
    });
    expect(registered.status).toBe(201);
    userId = registered.body.user.userId;
  });
  afterAll(() => session?.stop());

  it('refuses a token signed with the real key but without exp (or with a far exp)', async () => {
    const key = currentKey();
    const claims = () =>
      new SignJWT({ username: account.username })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setSubject(userId)
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE);
    const privateKey = await importJWK(key, 'ES256');
    const noExp = await claims().setIssuedAt().sign(privateKey);
    const oldButFarExp = await claims()
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime('1y')
      .sign(privateKey);
    const valid = await claims().setIssuedAt().setExpirationTime('5m').sign(privateKey);
    expect(await profileStatus(valid)).toBe(200);
    expect(await profileStatus(noExp)).toBe(401);
    expect(await profileStatus(oldButFarExp)).toBe(401);
  });

  it('rotates: old tokens keep working, new ones carry the new kid, a retired key is refused', async () => {
    const first = await login();
    const firstKid = kidOf(first);
    expect(firstKid).toBe(currentKey().kid);
    expect(await profileStatus(first)).toBe(200);

    const { stdout } = await rotateKeys();
    const secondKid = currentKey().kid;
    expect(secondKid).not.toBe(firstKid);
    expect(stdout).toContain(`tokens are now signed with key ${secondKid}`);
    expect(stdout).toContain(`${firstKid} stays accepted`);

    // Login signs with the new key once its cached copy expires (seconds locally).
    const second = await eventually('login to sign with the new key', async () => {
      const token = await login();
      return kidOf(token) === secondKid ? token : undefined;
    });
    // Profile verifies it at once (an unknown kid makes it re-read the JWKS)...
    expect(await profileStatus(second)).toBe(200);
    // ...and still accepts the token signed before the rotation.
    expect(await profileStatus(first)).toBe(200);

    const { stdout: retired } = await rotateKeys();
    expect(retired).toContain(`${firstKid} is retired`);
    await eventually('the retired key to be refused', async () =>
      (await profileStatus(first)) === 401 ? true : undefined,
    );
    expect(await profileStatus(second)).toBe(200);
  });
});
