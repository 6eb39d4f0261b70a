import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import { e2eAccount } from './e2e-account';

jest.setTimeout(300_000);

interface Pair {
  accessToken: string;
  refreshToken: string;
  user: { userId: string };
}

/**
 * Sessions through the local cloud: no-store token answers, a refresh retried within the grace,
 * sign out everywhere; and a bad request to the new route changes nothing.
 */
describe('sessions through the local cloud', () => {
  let session: CloudSession;
  const account = e2eAccount('sessions');

  const login = async () => {
    const response = await fetch(`${session.cloud.apiUrl}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: account.email, password: account.password }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return (await response.json()) as Pair;
  };
  const refresh = (refreshToken: string) =>
    session.api<Pair>('POST', '/auth/refresh', { body: { refreshToken } });

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['auth'] });
    expect((await session.api('POST', '/auth/register', { body: account })).status).toBe(201);
  });
  afterAll(() => session?.stop());

  it('answers a refresh retried within the grace with the same pair', async () => {
    const first = await login();
    const rotated = await refresh(first.refreshToken);
    const retried = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(retried).toMatchObject({ status: 200, body: rotated.body });
    expect((await refresh(rotated.body.refreshToken)).status).toBe(200);
  });

  it('signs out everywhere with logout-all; without a bearer token it changes nothing', async () => {
    const phone = await login();
    const laptop = await login();
    const refused = await session.api<{ error: { code: string } }>('POST', '/auth/logout-all');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHORIZED');
    expect((await refresh(phone.refreshToken)).status).toBe(200);

    const out = await session.api('POST', '/auth/logout-all', { token: laptop.accessToken });
    expect(out.status).toBe(204);
    expect((await refresh(laptop.refreshToken)).status).toBe(401);
    // The revocation is in the request's trace, as the X-Ray API returns it.
    await eventually('the logout-all trace', async () =>
      JSON.stringify(await session.readTrace(out.traceId)).includes('RevokeAllSessions')
        ? true
        : undefined,
    );
  });
});
