import { createRuleTester } from './rule-tester';
import { RULE_NAME, rule } from './no-sensitive-trace-data';

createRuleTester().run(RULE_NAME, rule, {
  valid: [
    `annotate('userId', userId);`,
    `addMetadata('request', { postId, length: text.length });`,
    `logger.info('Password reset requested', { userId });`,
    `captureTraceError(error, { operation: 'createPost', userId, postId });`,
    `traceCacheOperation('get', \`feed:\${userId}\`, hit);`,
    `addMetadata('query', { table: tableName('posts'), limit: 20 });`,
    `console.log(user.displayName);`,
    `somethingElse({ password });`,
    `addMetadata('user', await loadUser(userId));`,
    // An id read from a record named after a secret is not the secret.
    `if (token) annotate('userId', token.userId);`,
    `logger.warn('Refresh token reuse: family revoked', { userId: credentials.userId });`,
    `logger.info('lengths', { n: password.length });`,
    // Words that describe a secret without holding it.
    `addMetadata('limits', { tokenCount, passwordPolicy, author });`,
    {
      code: `addMetadata('request', { tokenSpent });`,
      options: [{ allowNames: ['tokenSpent'] }],
    },
    // A local named like a request part, holding something else.
    `const body = { count: 5 }; addMetadata('b', body);`,
    `function f() { const headers = { accept: 'json' }; logger.info('h', headers); }`,
    // The fields a handler needs, read from the event or the parsed body.
    `withTracing(async (event) => { addMetadata('request', { path: event.path, id: event.requestContext.requestId }); }, o);`,
    `withTracing(async (e) => { const { postId } = JSON.parse(e.body); annotate('postId', postId); }, o);`,
    `const { email } = body; logger.info('login', { email });`,
    `const count = event.headers?.['x-count']?.length; addMetadata('n', count);`,
    // An alias is followed one level only: `c` is from `b`, not from the event.
    `const b = event.body; const c = b; addMetadata('c', c);`,
    `logger.info('user', user?.profile?.displayName);`,
  ],
  invalid: [
    {
      code: `addMetadata('session', await (cached ?? sessionToken));`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'sessionToken', sink: 'addMetadata()' } },
      ],
    },
    {
      code: `logger.info('issued', { prefix: token.slice(0, 8) });`,
      errors: [{ messageId: 'sensitiveValue', data: { name: 'token', sink: 'logger.info()' } }],
    },
    {
      code: `annotate('authToken', value);`,
      errors: [{ messageId: 'sensitiveKey', data: { name: 'authToken', sink: 'annotate()' } }],
    },
    {
      code: `addMetadata('login', { email, password: input.password });`,
      errors: [{ messageId: 'sensitiveKey', data: { name: 'password', sink: 'addMetadata()' } }],
    },
    {
      code: `logger.info('login', { user: { name, refresh_token: rt } });`,
      errors: [
        { messageId: 'sensitiveKey', data: { name: 'refresh_token', sink: 'logger.info()' } },
      ],
    },
    {
      code: `logger.info('creds', { clientSecret, userPass, sessionId, privateKey, 'x-api-key': k, 'set-cookie': c });`,
      errors: [
        'clientSecret',
        'userPass',
        'sessionId',
        'privateKey',
        'x-api-key',
        'set-cookie',
      ].map((name) => ({
        messageId: 'sensitiveKey' as const,
        data: { name, sink: 'logger.info()' },
      })),
    },
    {
      code: `logger.debug('auth header', event.headers.Authorization);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'Authorization', sink: 'logger.debug()' } },
      ],
    },
    // Optional chaining reads the same data.
    {
      code: `logger.debug('auth header', event.headers?.Authorization);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'Authorization', sink: 'logger.debug()' } },
      ],
    },
    {
      code: `addMetadata('login', { header: event?.headers?.['authorization'] });`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'authorization', sink: 'addMetadata()' } },
      ],
    },
    {
      code: `addMetadata('raw', event.body?.toString());`,
      errors: [{ messageId: 'requestPart', data: { name: 'body', sink: 'addMetadata()' } }],
    },
    // The whole event, spread or not, in every kind of sink.
    {
      code: `addMetadata('request', event);`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'addMetadata()' } }],
    },
    {
      code: `addMetadata('request', { ...event });`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'addMetadata()' } }],
    },
    {
      code: `logger.info('incoming', event);`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'logger.info()' } }],
    },
    {
      code: `logger.info('incoming', { event });`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'logger.info()' } }],
    },
    {
      code: `console.log(event);`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'console.log()' } }],
    },
    {
      code: `captureTraceError(error, { event });`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'captureTraceError()' } }],
    },
    {
      code: `annotate('request', JSON.stringify(event));`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'event', sink: 'annotate()' } }],
    },
    // The handler's first parameter is the event, whatever its name.
    {
      code: `export const handler = withTracing(async (req) => { addMetadata('req', req); }, o);`,
      errors: [{ messageId: 'wholeEvent', data: { name: 'req', sink: 'addMetadata()' } }],
    },
    // Request parts.
    ...['body', 'headers', 'multiValueHeaders', 'queryStringParameters', 'requestContext'].map(
      (part) => ({
        code: `addMetadata('request', event.${part});`,
        errors: [
          { messageId: 'requestPart' as const, data: { name: part, sink: 'addMetadata()' } },
        ],
      }),
    ),
    {
      code: `addMetadata('request', { ...event.headers });`,
      errors: [{ messageId: 'requestPart', data: { name: 'headers', sink: 'addMetadata()' } }],
    },
    {
      code: `addMetadata('request', { ...JSON.parse(event.body ?? '{}'), postId });`,
      errors: [{ messageId: 'requestPart', data: { name: 'body', sink: 'addMetadata()' } }],
    },
    {
      code: `function f(headers) { console.warn(headers); }`,
      errors: [{ messageId: 'requestPart', data: { name: 'headers', sink: 'console.warn()' } }],
    },
    // Simple aliases within a function, followed one level.
    {
      code: `const p = body.password; logger.info('login', { p });`,
      errors: [
        {
          messageId: 'sensitiveValue',
          data: { name: 'p (= body.password)', sink: 'logger.info()' },
        },
      ],
    },
    {
      code: `const { refreshToken: rt } = input; addMetadata('refresh', rt);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'rt (= input)', sink: 'addMetadata()' } },
      ],
    },
    {
      code: `const h = event.headers; logger.info('h', h);`,
      errors: [
        {
          messageId: 'requestPart',
          data: { name: 'h (= event.headers)', sink: 'logger.info()' },
        },
      ],
    },
    {
      code: `const { headers: hs } = event; logger.info('h', hs);`,
      errors: [{ messageId: 'requestPart', data: { name: 'hs (= event)', sink: 'logger.info()' } }],
    },
    {
      code: `const b = JSON.parse(event.body); addMetadata('body', b);`,
      errors: [
        {
          messageId: 'requestPart',
          data: { name: 'b (= JSON.parse(event.body))', sink: 'addMetadata()' },
        },
      ],
    },
    {
      code: `const body = JSON.parse(event.body); addMetadata('b', body);`,
      errors: [
        {
          messageId: 'requestPart',
          data: { name: 'body (= JSON.parse(event.body))', sink: 'addMetadata()' },
        },
      ],
    },
    {
      code: `const copy = { ...event }; logger.error('failed', { copy });`,
      errors: [
        {
          messageId: 'wholeEvent',
          data: { name: 'copy (= { ...event })', sink: 'logger.error()' },
        },
      ],
    },
    {
      code: `captureTraceError(err, { operation: 'login', jwt });`,
      errors: [{ messageId: 'sensitiveKey', data: { name: 'jwt', sink: 'captureTraceError()' } }],
    },
    {
      code: `console.error(\`refresh failed for \${refreshToken}\`);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'refreshToken', sink: 'console.error()' } },
      ],
    },
    {
      code: `traceCacheOperation('get', \`session:\${cookies['sid']}\`, hit);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'sid', sink: 'traceCacheOperation()' } },
      ],
    },
    {
      code: `traceCacheOperation('get', \`session:\${cookies[name]}\`, hit);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'cookies', sink: 'traceCacheOperation()' } },
      ],
    },
    {
      code: `addMetadata('key', { prefix: creds.apiKey.slice(0, 4) });`,
      errors: [{ messageId: 'sensitiveValue', data: { name: 'apiKey', sink: 'addMetadata()' } }],
    },
    {
      code: `obs.addMetadata('user', ok ? user : { ssn });`,
      options: [{ extraNames: ['ssn'] }],
      errors: [{ messageId: 'sensitiveKey', data: { name: 'ssn', sink: 'obs.addMetadata()' } }],
    },
    {
      code: `audit('x', { secretAnswer: a });`,
      options: [{ extraSinks: ['audit'] }],
      errors: [{ messageId: 'sensitiveKey', data: { name: 'secretAnswer', sink: 'audit()' } }],
    },
  ],
});
