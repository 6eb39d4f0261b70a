import { eventually } from '@traced-social/aws-clients/testing';
import {
  configureFunctions,
  startCloudSession,
  type CloudSession,
} from '@traced-social/cloud-session';
import { e2eAccount } from './e2e-account';
import { emailHash } from '../audit/auth-audit';

jest.setTimeout(300_000);

/**
 * Sign-in throttling through the local cloud: the local API Gateway's `sourceIp`, the throttle
 * table, the 429 sequence and its end, and the audit lines the functions really print.
 */
describe('sign-in throttling through the local cloud', () => {
  let session: CloudSession;
  const lines: string[] = [];
  // A mixed-case address, as a user may type it.
  const account = { ...e2eAccount('throttled'), email: 'Throttled@Example.com' };

  const signIn = (password: string) =>
    session.api<{ error?: { code: string; message: string; requestId: string } }>(
      'POST',
      '/auth/login',
      { body: { email: account.email, password } },
    );

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['auth'],
      // Lockouts of 1 s, 2 s, ... instead of 30 s, so the test sees one end.
      configure: configureFunctions((fn) =>
        fn.name === 'login'
          ? { ...fn, environment: { ...fn.environment, SIGN_IN_LOCKOUT_BASE_SECONDS: '1' } }
          : fn,
      ),
      log: (line) => lines.push(line),
    });
    expect((await session.api('POST', '/auth/register', { body: account })).status).toBe(201);
  });
  afterAll(() => session?.stop());

  it('answers 401 five times, then 429 with Retry-After in the API error shape, then lets the password in', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn(`wrong guess ${i}`)).status).toBe(401);
    const throttled = await signIn(account.password);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many failed sign-ins: try again later',
      requestId: expect.any(String),
    });
    const recovered = await eventually('the lockout to end', async () => {
      const answer = await signIn(account.password);
      return answer.status === 429 ? undefined : answer.status;
    });
    expect(recovered).toBe(200);
  });

  it('prints structured audit lines with the hashed email and the client address, never the email or a password', async () => {
    const audit = lines
      .map((line) => /\{.*"audit".*\}/.exec(line)?.[0])
      .filter((json): json is string => json !== undefined)
      .map((json) => JSON.parse(json) as Record<string, unknown>);
    const failed = audit.filter((entry) => entry.audit === 'SIGN_IN_FAILED');
    const throttled = audit.filter((entry) => entry.audit === 'SIGN_IN_THROTTLED');
    expect(failed).toHaveLength(5);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    for (const entry of [...failed, ...throttled]) {
      expect(entry).toMatchObject({
        level: 'WARN',
        emailHash: emailHash(account.email),
        sourceIp: '127.0.0.1',
        operationType: 'LOGIN',
      });
    }
    expect(failed[4].lockouts).toEqual([{ scope: 'account', seconds: 1 }]);
    expect(throttled[0]).toMatchObject({ scope: 'account' });
    const everything = lines.join('\n');
    expect(everything.toLowerCase()).not.toContain(account.email.toLowerCase());
    expect(everything).not.toContain('wrong guess');
    expect(everything).not.toContain(account.password);
  });
});
