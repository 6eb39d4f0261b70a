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
    {
      code: `addMetadata('request', { tokenCount });`,
      options: [{ allowNames: ['tokenCount'] }],
    },
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
      code: `logger.debug('auth header', event.headers.Authorization);`,
      errors: [
        { messageId: 'sensitiveValue', data: { name: 'Authorization', sink: 'logger.debug()' } },
      ],
    },
    {
      code: `addMetadata('request', { ...event.headers });`,
      errors: [{ messageId: 'requestDump', data: { name: 'headers', sink: 'addMetadata()' } }],
    },
    {
      code: `addMetadata('request', { ...JSON.parse(event.body ?? '{}'), postId });`,
      errors: [{ messageId: 'requestDump', data: { name: 'body', sink: 'addMetadata()' } }],
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
