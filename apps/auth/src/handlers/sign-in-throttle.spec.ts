import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '@traced-social/aws-clients/testing';
import {
  apiEvent,
  responseBody,
  startApiTestbed,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace, type LambdaFunctionInstance } from '@traced-social/observability/testing';
import { authHandlers, callAuth } from '../testing/auth-api';

const password = 'correct horse battery 9';

/**
 * Sign-in and registration throttling over the real DynamoDB store (dynalite), with the first
 * lockout shortened to 1 s (`SIGN_IN_LOCKOUT_BASE_SECONDS`) so lockouts can be seen ending.
 */
let testbed: ApiTestbed;
beforeAll(async () => {
  // One testbed (one segment capture) per test file: the X-Ray SDK keeps its daemon address.
  testbed = await startApiTestbed('auth');
});
afterAll(() => testbed.stop());

describe('sign-in throttling', () => {
  let instance: LambdaFunctionInstance<APIGatewayProxyEvent, APIGatewayProxyResult> | undefined;

  beforeAll(async () => {
    for (const [email, username] of [
      ['lockout@example.com', 'lockout'],
      ['sprayed@example.com', 'sprayed'],
    ]) {
      const { result } = await callAuth(
        testbed,
        'register',
        { email, username, password },
        { sourceIp: '198.51.100.1' },
      );
      expect(result.statusCode).toBe(201);
    }
    instance = await testbed.start(authHandlers.login, {
      SIGN_IN_LOCKOUT_BASE_SECONDS: '1',
      // The audit lines are WARNs; the cloud test reads them, here they would only be noise.
      POWERTOOLS_LOG_LEVEL: 'ERROR',
    });
  });
  afterAll(() => instance?.close());

  const signIn = async (email: string, secret: string, sourceIp: string) => {
    const invocation = await instance!.invoke(
      apiEvent({
        method: 'POST',
        resource: '/auth/login',
        body: { email, password: secret },
        sourceIp,
      }),
    );
    const result = invocation.result!;
    return { ...invocation, result, status: result.statusCode };
  };
  const failTimes = async (n: number, email: string, sourceIp: string) => {
    for (let i = 0; i < n; i++) {
      expect((await signIn(email, 'wrong password 1', sourceIp)).status).toBe(401);
    }
  };
  const throttled = async (email: string, sourceIp: string) => {
    const answer = await signIn(email, password, sourceIp);
    expect(answer.status).toBe(429);
    expect(responseBody<{ error: unknown }>(answer.result).error).toEqual({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many failed sign-ins: try again later',
      requestId: expect.any(String),
    });
    // Refused before the password is looked up or hashed.
    expectTrace(answer.tree)
      .toHavePath('## login.handler', 'CheckSignInThrottle')
      .notToHavePath('GetCredentials')
      .notToHavePath('VerifyPassword');
    return Number(answer.result.headers?.['retry-after']);
  };
  const lockoutEnds = (email: string, sourceIp: string, secret = 'wrong password 1') =>
    eventually('the lockout to end', async () => {
      const answer = await signIn(email, secret, sourceIp);
      return answer.status === 429 ? undefined : answer.status;
    });

  it('locks an account after 5 failures, doubles each lockout, and lets the password in after', async () => {
    const email = 'lockout@example.com';
    const ip = '198.51.100.10';
    await failTimes(5, email, ip);
    expect(await throttled(email, ip)).toBe(1);

    // After the lockout a new window starts: the 5th failure of it locks for twice as long.
    expect(await lockoutEnds(email, ip)).toBe(401);
    await failTimes(4, email, ip);
    expect(await throttled(email, ip)).toBe(2);

    // The right password works once the lockout is over, and clears the account's history.
    expect(await lockoutEnds(email, ip, password)).toBe(200);
    await failTimes(5, email, ip);
    expect(await throttled(email, ip)).toBe(1);
  });

  it('locks a client address after 20 failures across accounts, even for an account never tried', async () => {
    const spray = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      expect((await signIn(`nobody-${i}@example.com`, 'wrong password 1', spray)).status).toBe(401);
    }
    expect(await throttled('sprayed@example.com', spray)).toBe(1);
    // The same account from another address is not affected.
    expect((await signIn('sprayed@example.com', password, '203.0.113.8')).status).toBe(200);
  });
});

describe('registration throttling', () => {
  const users = async () =>
    (
      await testbed.aws.dynamodb.send(
        new ScanCommand({ TableName: testbed.aws.tableName('users') }),
      )
    ).Items ?? [];

  it('admits 10 registrations per client address per hour; the 11th is 429 before hashing, writing no user', async () => {
    const ip = '192.0.2.44';
    const attempt = (i: number) =>
      callAuth(
        testbed,
        'register',
        { email: `many-${i}@example.com`, username: `many_${i}`, password },
        { sourceIp: ip },
      );
    for (let i = 0; i < 10; i++) expect((await attempt(i)).result.statusCode).toBe(201);
    const before = JSON.stringify(await users());
    const refused = await attempt(10);
    expect(refused.result.statusCode).toBe(429);
    expect(Number(refused.result.headers?.['retry-after'])).toBeGreaterThan(3000);
    expect(responseBody<{ error: { code: string } }>(refused.result).error.code).toBe(
      'TOO_MANY_REQUESTS',
    );
    expectTrace(refused.tree)
      .toHavePath('## register.handler', 'CheckRegisterThrottle')
      .notToHavePath('HashPassword');
    expect(JSON.stringify(await users())).toBe(before);
    // Another address registers as usual.
    const other = await callAuth(
      testbed,
      'register',
      { email: 'elsewhere@example.com', username: 'elsewhere', password },
      { sourceIp: '192.0.2.45' },
    );
    expect(other.result.statusCode).toBe(201);
  });
});
