import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { userKeys } from '@traced-social/tables';
import { credentialKeys } from '../store/credential-items';
import { callAuth, type AuthRoute } from '../testing/auth-api';
import { verifyAccessToken } from '@traced-social/auth-tokens';
import {
  responseBody,
  startApiTestbed,
  TEST_ACCESS_TOKEN_ENV,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import type { TokenPair } from '../store/sessions';

const password = 'correct horse battery 9';
const secretsUsed = new Set<string>([password]);

describe('auth', () => {
  let testbed: ApiTestbed;

  beforeAll(async () => {
    testbed = await startApiTestbed('auth');
  });
  afterAll(async () => {
    // No password, hash, token or JWT in any segment of the whole run.
    const emitted = testbed.capture.rawBytes().toString('utf8');
    for (const secret of secretsUsed) expect(emitted).not.toContain(secret);
    expect(emitted).not.toContain('$argon2id$');
    await testbed.stop();
  });

  const call = (route: AuthRoute, body: unknown) => callAuth(testbed, route, body);
  const usersItems = async () =>
    (
      await testbed.aws.dynamodb.send(
        new ScanCommand({ TableName: testbed.aws.tableName('users') }),
      )
    ).Items ?? [];
  const allItems = async () =>
    JSON.stringify(
      await Promise.all(
        (['users', 'credentials', 'throttle'] as const).map(
          async (table) =>
            (
              await testbed.aws.dynamodb.send(
                new ScanCommand({ TableName: testbed.aws.tableName(table) }),
              )
            ).Items ?? [],
        ),
      ),
    );
  const getItem = async (
    key: { pk: string; sk: string },
    table: 'users' | 'credentials' = 'users',
  ) =>
    (
      await testbed.aws.dynamodb.send(
        new GetCommand({ TableName: testbed.aws.tableName(table), Key: key }),
      )
    ).Item;
  const register = (email: string, username: string) =>
    call('register', { email, username, password });

  describe('register', () => {
    it('creates the account with an argon2id hash, traced step by step', async () => {
      const { result, tree } = await register('Ada@Example.com', 'ada');
      expect(result.statusCode).toBe(201);
      const { user } = responseBody<{ user: { userId: string; email: string } }>(result);
      expect(user).toMatchObject({ username: 'ada', email: 'ada@example.com' });

      const profile = await getItem(userKeys.profile(user.userId));
      expect(profile).toMatchObject({ username: 'ada', followerCount: 0, followingCount: 0 });
      // The hash lives in the auth-only credentials table, never beside the profile.
      const login = await getItem(credentialKeys.login('ada@example.com'), 'credentials');
      expect(login).toMatchObject({ userId: user.userId, status: 'active' });
      expect(login?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(await usersItems())).not.toContain('$argon2id$');
      expect(JSON.stringify(await usersItems())).not.toContain('passwordHash');
      expect(await allItems()).not.toContain(password);

      const handlerNode = expectTrace(tree).node('## register.handler');
      expect(handlerNode.childNames()).toEqual([
        'Request Validation',
        'CheckRegisterThrottle',
        'HashPassword',
        'ClaimEmail',
        'ClaimUsername',
        'CreateUser',
      ]);
      handlerNode
        .toHaveAnnotation('operationType', 'REGISTER_USER')
        .toHaveAnnotation('userId', user.userId);
    });

    it('refuses a taken email (409) without claiming the username', async () => {
      await register('grace@example.com', 'grace');
      const { result } = await register('GRACE@example.com', 'grace2');
      expect(result.statusCode).toBe(409);
      expect(responseBody<{ error: { code: string } }>(result).error.code).toBe('EMAIL_TAKEN');
      expect(await getItem(userKeys.usernameClaim('grace2'))).toBeUndefined();
    });

    it('refuses a taken username (409, any case) and gives the email claim back', async () => {
      await register('linus@example.com', 'linus');
      const { result } = await register('other@example.com', 'LINUS');
      expect(result.statusCode).toBe(409);
      expect(responseBody<{ error: { code: string } }>(result).error.code).toBe('USERNAME_TAKEN');
      expect(
        await getItem(credentialKeys.login('other@example.com'), 'credentials'),
      ).toBeUndefined();
    });
  });

  describe('login', () => {
    beforeAll(async () => {
      expect((await register('barbara@example.com', 'barbara')).result.statusCode).toBe(201);
    });

    it('answers a short-lived access JWT and a refresh token stored only as a hash', async () => {
      const { result, tree } = await call('login', { email: 'barbara@example.com', password });
      expect(result.statusCode).toBe(200);
      const pair = responseBody<TokenPair>(result);
      secretsUsed.add(pair.accessToken).add(pair.refreshToken);
      expect(pair).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 900,
        user: { username: 'barbara' },
      });
      await expect(
        verifyAccessToken(pair.accessToken, JSON.parse(TEST_ACCESS_TOKEN_ENV.ACCESS_TOKEN_JWKS)),
      ).resolves.toEqual(pair.user);
      expect(await allItems()).not.toContain(pair.refreshToken);
      expect(result.headers).toMatchObject({ 'cache-control': 'no-store' });

      const handlerNode = expectTrace(tree).node('## login.handler');
      expect(handlerNode.childNames()).toEqual([
        'Request Validation',
        'CheckSignInThrottle',
        'GetCredentials',
        'VerifyPassword',
        'ResetSignInThrottle',
        'IssueTokens',
      ]);
      handlerNode
        .toHaveAnnotation('operationType', 'LOGIN')
        .toHaveAnnotation('userId', pair.user.userId);
    });

    it('answers an unknown email and a wrong password identically, after the same reads and one hash each', async () => {
      // From two fresh client addresses, so the throttle counters start alike for both.
      const attempt = (email: string, secret: string, sourceIp: string) =>
        callAuth(testbed, 'login', { email, password: secret }, { sourceIp });
      const wrongPassword = await attempt('barbara@example.com', 'not it 123', '192.0.2.10');
      const unknownEmail = await attempt('nobody@example.com', password, '192.0.2.11');
      for (const { result, tree } of [wrongPassword, unknownEmail]) {
        expect(result.statusCode).toBe(401);
        expect(responseBody<{ error: unknown }>(result).error).toEqual({
          code: 'UNAUTHORIZED',
          message: 'Invalid email or password',
          requestId: expect.any(String),
        });
        // One argon2 verification (the decoy for the unknown email), no hashing of anything else.
        expect(expectTrace(tree).nodes('VerifyPassword')).toHaveLength(1);
        expectTrace(tree).notToHavePath('HashPassword');
      }
      // The same steps and the same DynamoDB calls, in the same places (both cold starts).
      const shape = (tree: Parameters<typeof expectTrace>[0]) => expectTrace(tree).paths().sort();
      expect(shape(unknownEmail.tree)).toEqual(shape(wrongPassword.tree));
      const reads = shape(unknownEmail.tree).filter((path) =>
        path.endsWith('## login.handler > GetCredentials > DynamoDB'),
      );
      expect(reads).toHaveLength(1);
    });
  });

  describe('bad input changes nothing', () => {
    const cases: Array<[AuthRoute, string, number, unknown]> = [
      ['register', 'missing fields', 400, { email: 'x@example.com' }],
      ['register', 'wrong types', 400, { email: 1, username: [], password: true }],
      [
        'register',
        'weak password',
        400,
        { email: 'w@example.com', username: 'weak', password: 'short' },
      ],
      ['register', 'malformed JSON', 400, '{"email":'],
      [
        'register',
        'oversized body',
        413,
        { email: 'big@example.com', username: 'big', password: 'p1'.repeat(9000) },
      ],
      ['login', 'missing fields', 400, { email: 'x@example.com' }],
      ['login', 'wrong types', 400, { email: 'x@example.com', password: 12345678901 }],
      ['login', 'malformed JSON', 400, 'email=x'],
      ['login', 'oversized body', 413, { email: 'x@example.com', password: 'p'.repeat(20000) }],
      ['refresh', 'missing fields', 400, {}],
      ['refresh', 'wrong types', 400, { refreshToken: 42 }],
      ['refresh', 'malformed JSON', 400, '{'],
      ['refresh', 'oversized body', 413, { refreshToken: 'r'.repeat(20000) }],
      ['logout', 'missing fields', 400, {}],
      ['logout', 'wrong types', 400, { refreshToken: null }],
      ['logout', 'malformed JSON', 400, 'null,'],
      ['logout', 'oversized body', 413, { refreshToken: 'r'.repeat(20000) }],
      // No bearer token: refused before anything is read or written.
      ['logout-all', 'no access token', 401, {}],
      [
        'logout-all',
        'a refresh token instead of a bearer token',
        401,
        { refreshToken: 'r'.repeat(43) },
      ],
    ];

    it.each(cases)('%s: %s → %d', async (route, _name, status, body) => {
      const before = await allItems();
      const { result } = await call(route, body);
      expect(result.statusCode).toBe(status);
      expect(await allItems()).toBe(before);
    });
  });
});
