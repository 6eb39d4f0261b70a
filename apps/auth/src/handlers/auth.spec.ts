import { join } from 'node:path';
import { GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { userKeys } from '@traced-social/tables';
import { verifyAccessToken } from '@traced-social/auth-tokens';
import {
  responseBody,
  startApiTestbed,
  TEST_ACCESS_TOKEN_ENV,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import type { TokenPair } from '../store/sessions';

const handlers = {
  register: join(__dirname, 'register.ts'),
  login: join(__dirname, 'login.ts'),
  refresh: join(__dirname, 'refresh.ts'),
  logout: join(__dirname, 'logout.ts'),
  'logout-all': join(__dirname, 'logout-all.ts'),
};
type Route = keyof typeof handlers;

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

  const call = (route: Route, body: unknown) =>
    testbed.request(handlers[route], { method: 'POST', resource: `/auth/${route}`, body });
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
  const getItem = async (key: { pk: string; sk: string }) =>
    (
      await testbed.aws.dynamodb.send(
        new GetCommand({ TableName: testbed.aws.tableName('users'), Key: key }),
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
      const credentials = await getItem(userKeys.credentials(user.userId));
      expect(credentials?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(JSON.stringify(await usersItems())).not.toContain(password);

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
      expect(await getItem(userKeys.emailClaim('other@example.com'))).toBeUndefined();
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

    it('answers an unknown email and a wrong password identically, after the same work', async () => {
      const wrongPassword = await call('login', {
        email: 'barbara@example.com',
        password: 'not it 123',
      });
      const unknownEmail = await call('login', { email: 'nobody@example.com', password });
      for (const { result, tree } of [wrongPassword, unknownEmail]) {
        expect(result.statusCode).toBe(401);
        expect(responseBody<{ error: unknown }>(result).error).toEqual({
          code: 'UNAUTHORIZED',
          message: 'Invalid email or password',
          requestId: expect.any(String),
        });
        expectTrace(tree).toHavePath('## login.handler', 'VerifyPassword');
      }
    });
  });

  describe('bad input changes nothing', () => {
    const cases: Array<[Route, string, number, unknown]> = [
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
