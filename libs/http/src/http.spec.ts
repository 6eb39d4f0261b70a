import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  expectTrace,
  invokeAsLambda,
  useSegmentCapture,
} from '@traced-social/observability/testing';
import { userTextSchema } from './content-rules';
import { decodeCursor, encodeCursor, pageResponse } from './index';
import { generateSigningKey } from '@traced-social/auth-tokens';
import {
  apiEvent,
  responseBody,
  TEST_ACCESS_TOKEN_ENV,
  TEST_SIGNING_KEY,
  testAccessToken,
} from './testing';

const user = { userId: 'user-7', username: 'grace' };

describe('http: a handler made of the lib, on its emitted segments', () => {
  const capture = useSegmentCapture();
  let token: string;
  beforeAll(async () => {
    token = await testAccessToken(user);
  });

  const invoke = (event: APIGatewayProxyEvent, fixture = 'echo-handler.ts') =>
    invokeAsLambda<APIGatewayProxyEvent, APIGatewayProxyResult>({
      capture,
      handler: join(__dirname, '__fixtures__', fixture),
      serviceName: 'http-test',
      env: { ...TEST_ACCESS_TOKEN_ENV, NODE_ENV: 'test' },
      event,
    });
  const request = (overrides: Partial<Parameters<typeof apiEvent>[0]> = {}) =>
    apiEvent({
      method: 'POST',
      resource: '/items/{itemId}',
      pathParameters: { itemId: 'item-1' },
      query: { limit: '5' },
      body: { message: 'hi' },
      token,
      ...overrides,
    });
  const errorOf = (result: APIGatewayProxyResult) =>
    responseBody<{ error: { code: string; message: string; requestId: string; fields?: object } }>(
      result,
    ).error;

  it('verifies the JWT and validates the request as traced steps, annotating userId', async () => {
    const { result, tree } = await invoke(
      request({ headers: { Authorization: `Bearer ${token}` }, token: undefined }),
    );
    expect(result?.statusCode).toBe(200);
    expect(result?.headers?.['content-type']).toBe('application/json; charset=utf-8');
    expect(responseBody(result!)).toEqual({ echo: 'hi', itemId: 'item-1', limit: 5, user });
    const handlerNode = expectTrace(tree).toBeComplete().node('## echo-handler.handler');
    expect(handlerNode.childNames()).toEqual(['JWT Verification', 'Request Validation']);
    handlerNode
      .toHaveAnnotation('operationType', 'ECHO_ITEM')
      .toHaveAnnotation('userId', user.userId)
      .toBeOk();
    expect(capture.rawBytes().toString('utf8')).not.toContain(token);
  });

  it('answers 400 with every field error of body, path and query', async () => {
    const { result, tree } = await invoke(
      request({ body: { message: '' }, pathParameters: { itemId: 'nope' }, query: { limit: '0' } }),
    );
    expect(result?.statusCode).toBe(400);
    const error = errorOf(result!);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(error.fields ?? {}).sort()).toEqual([
      'body.message',
      'path.itemId',
      'query.limit',
    ]);
    expect(error.requestId).toEqual(expect.any(String));
    expectTrace(tree)
      .node('## echo-handler.handler')
      .toHaveAnnotation('errorType', 'VALIDATION_FAILED')
      .toBeError();
    expectTrace(tree).node('Request Validation').toBeError();
  });

  it.each([
    ['malformed JSON', 400, 'BAD_REQUEST', { body: '{"message":' }],
    ['no body', 400, 'BAD_REQUEST', { body: undefined }],
    ['a body over the limit', 413, 'PAYLOAD_TOO_LARGE', { body: { message: 'x'.repeat(2000) } }],
    ['the wrong type', 400, 'VALIDATION_FAILED', { body: { message: 42 } }],
    ['a forbidden item', 403, 'FORBIDDEN', { pathParameters: { itemId: 'item-403' } }],
  ])('answers %s with %i %s', async (_name, status, code, overrides) => {
    const { result } = await invoke(request(overrides as Partial<Parameters<typeof apiEvent>[0]>));
    expect(result?.statusCode).toBe(status);
    expect(errorOf(result!).code).toBe(code);
  });

  it('answers 401 for a missing, expired or forged token, before validating anything', async () => {
    const expired = await testAccessToken(user, { expired: true });
    // Another key pair: under the published key's id (bad signature) and under its own id.
    const attackerKey = await generateSigningKey();
    const forged = await testAccessToken(user, {
      signingKey: { ...attackerKey, kid: TEST_SIGNING_KEY.kid },
    });
    const unknownKey = await testAccessToken(user, { signingKey: attackerKey });
    for (const [bad, message] of [
      [undefined, 'Authentication required'],
      [expired, 'Token expired'],
      [forged, 'Token invalid'],
      [unknownKey, 'Token invalid'],
    ] as const) {
      const { result, tree } = await invoke(request({ token: bad }));
      expect(result?.statusCode).toBe(401);
      expect(result?.headers?.['www-authenticate']).toMatch(/^Bearer/);
      expect(errorOf(result!)).toMatchObject({ code: 'UNAUTHORIZED', message });
      expectTrace(tree).node('## echo-handler.handler').toHaveAnnotation('userId', 'anonymous');
      expectTrace(tree)
        .toHavePath('## echo-handler.handler', 'JWT Verification')
        .notToHavePath('Request Validation');
      if (bad) expect(capture.rawBytes().toString('utf8')).not.toContain(bad);
    }
  });

  it('authenticatedPathId: the same two traced steps, 400 for a bad id, 401 before validating', async () => {
    const get = (itemId: string, bearer?: string) =>
      invoke(
        apiEvent({
          method: 'GET',
          resource: '/items/{itemId}',
          pathParameters: { itemId },
          token: bearer,
        }),
        'item-handler.ts',
      );
    const ok = await get('item-2', token);
    expect(responseBody(ok.result!)).toEqual({ itemId: 'item-2', userId: user.userId });
    expect(expectTrace(ok.tree).node('## item-handler.handler').childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
    ]);

    const invalid = await get('nope', token);
    expect(invalid.result?.statusCode).toBe(400);
    expect(Object.keys(errorOf(invalid.result!).fields ?? {})).toEqual(['path.itemId']);
    expectTrace(invalid.tree).node('Request Validation').toBeError();

    const anonymous = await get('nope');
    expect(anonymous.result?.statusCode).toBe(401);
    expectTrace(anonymous.tree)
      .toHavePath('## item-handler.handler', 'JWT Verification')
      .notToHavePath('Request Validation');
  });

  it('answers an unexpected error with 500 and the request id only, recording it on the trace', async () => {
    const { result, tree } = await invoke(request({ body: { message: 'boom', explode: true } }));
    expect(result?.statusCode).toBe(500);
    expect(errorOf(result!)).toEqual({
      code: 'INTERNAL',
      message: 'Something went wrong on our side',
      requestId: expect.any(String),
    });
    expect(result?.body).not.toContain('db-internal-7');
    expectTrace(tree)
      .node('## echo-handler.handler')
      .toBeFault()
      .toHaveAnnotation('errorType', 'Error');
  });
});

describe('cursors', () => {
  const shape = { pinned: { pk: 'USER#1' }, keys: ['sk'] };

  it('round-trip a DynamoDB key and refuse anything else', () => {
    const key = { pk: 'USER#1', sk: 'FOLLOWS#2' };
    const cursor = encodeCursor(key)!;
    expect(decodeCursor(cursor, shape)).toEqual(key);
    expect(decodeCursor(undefined, shape)).toBeUndefined();
    expect(encodeCursor(undefined)).toBeUndefined();
    for (const bad of [
      '%%%',
      Buffer.from('not json').toString('base64url'),
      Buffer.from('[1]').toString('base64url'),
      Buffer.from('{"a":{}}').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, shape)).toThrow('Invalid cursor');
    }
  });

  it("refuse another listing's cursor", () => {
    const cursor = encodeCursor({ pk: 'USER#1', sk: 'x' });
    expect(decodeCursor(cursor, shape)).toEqual({ pk: 'USER#1', sk: 'x' });
    expect(() => decodeCursor(cursor, { pinned: { pk: 'USER#2' }, keys: ['sk'] })).toThrow(
      'Invalid cursor',
    );
  });

  it('refuse a cursor of the right partition with keys of the wrong types, missing or extra', () => {
    const tampered: unknown[] = [
      { pk: 'USER#1', sk: 7 },
      { pk: 'USER#1', sk: { S: 'x' } },
      { pk: 'USER#1', sk: ['x'] },
      { pk: 'USER#1', sk: null },
      { pk: 'USER#1', sk: true },
      { pk: 'USER#1', sk: '' },
      { pk: 'USER#1', sk: 'x'.repeat(1025) },
      { pk: 'USER#1' },
      { pk: 'USER#1', sk: 'x', gsi1pk: 'USER#1' },
    ];
    for (const key of tampered) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      expect(() => decodeCursor(cursor, shape)).toThrow('Invalid cursor');
    }
  });

  it('answer a page with nextCursor only when there is a next page', () => {
    const key = { pk: 'USER#1', sk: 'x' };
    const more = pageResponse({ items: [1, 2] }, key);
    expect(more.statusCode).toBe(200);
    expect(JSON.parse(more.body)).toEqual({ items: [1, 2], nextCursor: encodeCursor(key) });
    expect(JSON.parse(pageResponse({ items: [] }, undefined).body)).toEqual({ items: [] });
  });
});

describe('user text', () => {
  const bio = userTextSchema({ label: 'Bio', max: 5, allowBlank: true });
  const name = userTextSchema({ label: 'Name', max: 5 });
  it('counts code points, allows blank only when asked, refuses control characters', () => {
    expect(bio.safeParse('').success).toBe(true);
    expect(name.safeParse('  ').error?.issues[0].message).toBe('Name must not be empty');
    expect(name.safeParse('👍👍👍👍👍').success).toBe(true);
    expect(name.safeParse('👍👍👍👍👍👍').error?.issues[0].message).toBe(
      'Name must be at most 5 characters',
    );
    expect(name.safeParse('a\u0007').error?.issues[0].message).toBe(
      'Name must not contain control characters',
    );
    expect(name.safeParse('a\tb\n').success).toBe(true);
  });
});
