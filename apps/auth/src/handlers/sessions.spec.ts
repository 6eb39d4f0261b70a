import { GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { hashRefreshToken } from '@traced-social/auth-tokens';
import {
  responseBody,
  startApiTestbed,
  testAccessToken,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import { REFRESH_RETRY_GRACE_SECONDS } from '../domain/refresh-rotation';
import { credentialKeys } from '../store/credential-items';
import type { TokenPair } from '../store/sessions';
import { callAuth, type AuthRoute } from '../testing/auth-api';

const password = 'correct horse battery 9';
const secondsAgo = (s: number) => new Date(Date.now() - s * 1000).toISOString();

/** Sessions: rotation with a retry grace, absolute lifetime, TTLs, logout and logout-all. */
describe('sessions', () => {
  let testbed: ApiTestbed;
  const secretsUsed = new Set<string>([password]);

  beforeAll(async () => {
    testbed = await startApiTestbed('auth');
    for (const [email, username] of [
      ['margaret@example.com', 'margaret'],
      ['hedy@example.com', 'hedy'],
    ]) {
      expect((await call('register', { email, username, password })).result.statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    // No token of the run in any segment.
    const emitted = testbed.capture.rawBytes().toString('utf8');
    for (const secret of secretsUsed) expect(emitted).not.toContain(secret);
    await testbed.stop();
  });

  const call = (route: AuthRoute, body: unknown, token?: string) =>
    callAuth(testbed, route, body, { token });
  const remember = (pair: TokenPair) => {
    secretsUsed.add(pair.accessToken).add(pair.refreshToken);
    return pair;
  };
  const login = async (email: string) => {
    const { result } = await call('login', { email, password });
    expect(result.statusCode).toBe(200);
    return remember(responseBody<TokenPair>(result));
  };
  const refresh = async (refreshToken: string) => {
    const invocation = await call('refresh', { refreshToken });
    return { ...invocation, status: invocation.result.statusCode };
  };
  const table = () => testbed.aws.tableName('credentials');
  const credentialItems = async () =>
    (await testbed.aws.dynamodb.send(new ScanCommand({ TableName: table() }))).Items ?? [];
  const tokenItem = async (refreshToken: string) =>
    (
      await testbed.aws.dynamodb.send(
        new GetCommand({
          TableName: table(),
          Key: credentialKeys.refreshToken(hashRefreshToken(refreshToken)),
        }),
      )
    ).Item;
  /** Moves an item's attributes (stands in for time passing: the code reads them, not a clock). */
  const setAttributes = (key: { pk: string; sk: string }, values: Record<string, unknown>) =>
    testbed.aws.dynamodb.send(
      new UpdateCommand({
        TableName: table(),
        Key: key,
        UpdateExpression: `SET ${Object.keys(values)
          .map((name) => `#${name} = :${name}`)
          .join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((n) => [`#${n}`, n])),
        ExpressionAttributeValues: Object.fromEntries(
          Object.entries(values).map(([n, v]) => [`:${n}`, v]),
        ),
      }),
    );

  it('rotates with no-store answers; a retry within the grace gets the very same pair', async () => {
    const first = await login('margaret@example.com');
    const rotated = await refresh(first.refreshToken);
    expect(rotated.status).toBe(200);
    expect(rotated.result.headers).toMatchObject({
      'cache-control': 'no-store',
      pragma: 'no-cache',
    });
    const second = remember(responseBody<TokenPair>(rotated.result));
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expectTrace(rotated.tree)
      .node('## refresh.handler')
      .toHaveAnnotation('operationType', 'REFRESH_TOKEN')
      .toHaveAnnotation('userId', first.user.userId);

    // The client lost the answer and retries: the same pair, nothing revoked.
    const retry = await refresh(first.refreshToken);
    expect(retry.status).toBe(200);
    expect(retry.result.headers).toMatchObject({ 'cache-control': 'no-store' });
    expect(responseBody<TokenPair>(retry.result)).toEqual(second);
    expectTrace(retry.tree).notToHavePath('RevokeTokenFamily').notToHavePath('IssueTokens');
    // The kept pair is sealed: the table holds no usable token.
    expect(JSON.stringify(await credentialItems())).not.toContain(second.refreshToken);
    expect(JSON.stringify(await credentialItems())).not.toContain(second.accessToken);

    expect((await refresh(second.refreshToken)).status).toBe(200);
  });

  it('revokes the whole session when a used token comes back after the grace', async () => {
    const first = await login('margaret@example.com');
    const second = remember(responseBody<TokenPair>((await refresh(first.refreshToken)).result));
    const used = await tokenItem(first.refreshToken);
    await setAttributes(
      { pk: String(used?.pk), sk: String(used?.sk) },
      { rotatedAt: secondsAgo(REFRESH_RETRY_GRACE_SECONDS + 1) },
    );

    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expectTrace(replay.tree).toHavePath('## refresh.handler', 'RevokeTokenFamily');
    // The session is gone: the token the replay did not know about is refused too.
    expect((await refresh(second.refreshToken)).status).toBe(401);
  });

  it('ends a session at its absolute expiry, even for a fresh refresh token', async () => {
    const first = await login('hedy@example.com');
    const fresh = remember(responseBody<TokenPair>((await refresh(first.refreshToken)).result));
    const item = await tokenItem(fresh.refreshToken);
    // The session started 30 days ago: its end has passed, the token's own expiry has not.
    await setAttributes(credentialKeys.session(String(item?.userId), String(item?.familyId)), {
      expiresAt: secondsAgo(1),
    });
    expect((await refresh(fresh.refreshToken)).status).toBe(401);
  });

  it('puts a TTL on every session and refresh token, and treats an item past it as absent', async () => {
    const pair = await login('hedy@example.com');
    const token = await tokenItem(pair.refreshToken);
    const { Item: session } = await testbed.aws.dynamodb.send(
      new GetCommand({
        TableName: table(),
        Key: credentialKeys.session(String(token?.userId), String(token?.familyId)),
      }),
    );
    for (const item of [token, session]) {
      expect(item?.ttl).toBe(Math.ceil(Date.parse(String(item?.expiresAt)) / 1000));
    }
    // A refresh answer's expiry is its session's: refreshing never extends a session.
    expect(pair.refreshTokenExpiresAt).toBe((await tokenItem(pair.refreshToken))?.expiresAt);

    // DynamoDB deletes expired items late (the emulator never): the code must not wait for it.
    const item = await tokenItem(pair.refreshToken);
    await setAttributes(
      { pk: String(item?.pk), sk: String(item?.sk) },
      {
        ttl: Math.floor(Date.now() / 1000) - 1,
      },
    );
    expect((await refresh(pair.refreshToken)).status).toBe(401);
  });

  it('logout revokes the session; logging out again is still 204', async () => {
    const pair = await login('margaret@example.com');
    const out = await call('logout', { refreshToken: pair.refreshToken });
    expect(out.result.statusCode).toBe(204);
    expectTrace(out.tree).node('## logout.handler').toHaveAnnotation('userId', pair.user.userId);
    expect((await refresh(pair.refreshToken)).status).toBe(401);
    expect((await call('logout', { refreshToken: pair.refreshToken })).result.statusCode).toBe(204);
  });

  it('logout-all revokes every session of the caller, and only theirs', async () => {
    const phone = await login('margaret@example.com');
    const laptop = await login('margaret@example.com');
    const someoneElse = await login('hedy@example.com');

    const out = await call('logout-all', undefined, laptop.accessToken);
    expect(out.result.statusCode).toBe(204);
    expectTrace(out.tree)
      .toHavePath('## logout-all.handler', 'JWT Verification')
      .toHavePath('## logout-all.handler', 'RevokeAllSessions')
      .node('## logout-all.handler')
      .toHaveAnnotation('operationType', 'LOGOUT_ALL')
      .toHaveAnnotation('userId', laptop.user.userId);
    expect((await refresh(phone.refreshToken)).status).toBe(401);
    expect((await refresh(laptop.refreshToken)).status).toBe(401);
    expect((await refresh(someoneElse.refreshToken)).status).toBe(200);
  });

  it('logout-all refuses a missing, expired or forged token and writes nothing', async () => {
    const pair = await login('hedy@example.com');
    const user = pair.user;
    const before = JSON.stringify(await credentialItems());
    for (const token of [
      undefined,
      await testAccessToken(user, { expired: true }),
      `${pair.accessToken.slice(0, -4)}AAAA`,
    ]) {
      const { result } = await call('logout-all', undefined, token);
      expect(result.statusCode).toBe(401);
      expect(responseBody<{ error: { code: string } }>(result).error.code).toBe('UNAUTHORIZED');
    }
    expect(JSON.stringify(await credentialItems())).toBe(before);
    expect((await refresh(pair.refreshToken)).status).toBe(200);
  });

  it('refuses an unknown refresh token', async () => {
    expect((await refresh('x'.repeat(43))).status).toBe(401);
  });
});
