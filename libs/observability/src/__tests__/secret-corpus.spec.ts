import { REDACTED } from '../index';
import { expectTrace, invokeAsLambda, useSegmentCapture } from '../testing';
import { collectOutput } from './support/collect-output';
import { emulatorEnv, startDynalite, type Emulator } from './support/emulators';
import { READABLE, SECRETS, signInEvent } from './support/secret-corpus';

const careless = require.resolve('./fixtures/careless-handler');
const HANDLER = '## careless-handler.handler';

interface LogLine {
  message?: string;
  [key: string]: unknown;
}

/**
 * The promise "no secret in a trace or a log line" held against the handler it is for: one that
 * dumps everything (fixtures/careless-handler.ts). Runs on both backends (jest.backends.js).
 */
describe('a careless sign-in handler leaks no secret', () => {
  const capture = useSegmentCapture();
  let dynalite: Emulator;
  beforeAll(async () => {
    dynalite = await startDynalite();
  });
  afterAll(() => dynalite.stop());

  const run = () =>
    collectOutput(() =>
      invokeAsLambda({
        capture,
        handler: careless,
        functionName: 'auth-sign-in',
        serviceName: 'auth',
        env: { ...emulatorEnv, DYNAMODB_ENDPOINT: dynalite.endpoint, POWERTOOLS_LOG_LEVEL: 'INFO' },
        event: signInEvent(),
      }),
    );

  it('keeps every kind of secret out of the emitted bytes and the log output', async () => {
    const { value: invocation, lines } = await run();

    expect(invocation.error).toBeInstanceOf(Error);
    expect((invocation.error as Error).message).toContain('sign-in failed');
    const bytes = capture.rawBytes().toString('utf8');
    const logs = lines.join('\n');
    expect(bytes).toContain(invocation.traceId.slice(2));
    expect(logs).toContain('incoming');

    expect(Object.keys(SECRETS).length).toBeGreaterThanOrEqual(25);
    const leaks = Object.entries(SECRETS)
      .map(([kind, secret]) => ({
        kind,
        inTrace: bytes.includes(secret),
        inLogs: logs.includes(secret),
      }))
      .filter((leak) => leak.inTrace || leak.inLogs);
    expect(leaks).toEqual([]);
  });

  it('keeps what is not secret readable around the secrets', async () => {
    const { value: invocation, lines } = await run();
    const handler = expectTrace(invocation.tree)
      .toHavePath(HANDLER, 'Login')
      .toHavePath(HANDLER, 'ReadSession', 'DynamoDB')
      .node(HANDLER)
      .toHaveException('Error', `sign-in failed for ${READABLE.email}: password: ${REDACTED}`);

    const request = handler.metadata('request') as {
      path: string;
      headers: Record<string, string>;
      queryStringParameters: Record<string, string>;
      body: string;
    };
    expect(request.path).toBe(READABLE.path);
    expect(request.headers).toMatchObject({
      'user-agent': READABLE.userAgent,
      Authorization: REDACTED,
      Cookie: REDACTED,
      'x-api-key': REDACTED,
    });
    expect(request.queryStringParameters).toEqual({ access_token: REDACTED, page: READABLE.page });
    expect(JSON.parse(request.body)).toMatchObject({
      email: READABLE.email,
      password: REDACTED,
      note: `my card is ${REDACTED}, keep it safe`,
      payment: { holder: READABLE.holder, number: REDACTED, amount: REDACTED },
      profile: { address: { city: READABLE.city, vault: { apiSecret: REDACTED } } },
      devices: [{ name: 'phone', pinCode: REDACTED }],
    });
    expect(handler.metadata('callback')).toBe(
      `https://partner.example.com/cb?api_key=${REDACTED}&page=${READABLE.page}`,
    );
    expect(handler.metadata('legacyForm')).toBe(`username=ada&password=${REDACTED}&remember=1`);
    expectTrace(invocation.tree).node('Login').toHaveException('Error', 'login failed for');

    // Log lines are JSON; the Node runtime's own warnings on stderr are not.
    const json = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
    const incoming = json.find((line) => line.message === 'incoming') as {
      event: { headers: Record<string, string> };
    };
    expect(incoming.event.headers).toMatchObject({
      'user-agent': READABLE.userAgent,
      Authorization: REDACTED,
    });
    const rawBody = json.find((line) => line.message?.startsWith('raw body'));
    expect(rawBody?.message).toContain(READABLE.email);
    expect(rawBody?.message).toContain(READABLE.city);
    expect(json.map((line) => line.message)).toContain(
      `calling back https://partner.example.com/cb?api_key=${REDACTED}&page=${READABLE.page}`,
    );
  });
});
