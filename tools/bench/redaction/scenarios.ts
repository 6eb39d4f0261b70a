/**
 * What one invocation hands to the redactor, per kind of handler. The redactors are compared on
 * exactly these calls (the baseline's interface is the current one's minus `redactUrl`).
 */
export interface RedactorLike {
  redact<T>(value: T): T;
  redactString(text: string): string;
}

export interface RedactionScenario {
  name: string;
  what: string;
  /** Relative cost allowed over the baseline, when the scenario has a target. */
  target?: number;
  invoke(redactor: RedactorLike): unknown;
}

const userId = '3f9c2a7e-5b1d-4c8e-9a0f-6d2e1b7c4a93';
const postId = '8a1e4b2c-7d3f-4e6a-b5c9-0f1d2e3a4b5c';

/** A sign-in request as a careless handler would dump it (`addMetadata('request', event)`). */
const signIn = {
  path: '/auth/login',
  httpMethod: 'POST',
  headers: {
    'content-type': 'application/json',
    'user-agent': 'curl/8.0',
    Authorization: 'Bearer opaque-token-value',
    Cookie: 'session=abc; theme=dark',
  },
  queryStringParameters: { access_token: 'query-token', page: '2' },
  requestContext: { requestId: 'req-1', identity: { sourceIp: '203.0.113.7' } },
  body: JSON.stringify({
    email: 'ada@example.com',
    password: 'correct horse battery staple 42',
    profile: { address: { city: 'Lisbon' } },
    note: 'card 4111 1111 1111 1111',
  }),
};

export const SCENARIOS: RedactionScenario[] = [
  {
    name: 'observability bench handler',
    what: "the `traced` handler of `npm run bench -- observability`: its one redacted value per invocation, the `operationType` annotation (`statusCode` is a number, ColdStart/Service are written by the backend, and the AWS call's error hook runs only on failures)",
    target: 0.1,
    invoke: (r) => r.redactString('CREATE_POST'),
  },
  {
    name: 'product create-post invocation',
    what: 'userId/postId annotations, the validated body as metadata, DynamoDB key metadata, a feed cache key',
    invoke: (r) => [
      r.redactString(userId),
      r.redactString(postId),
      r.redact({ text: 'Hello world, a first post', imageContentType: 'image/png' }),
      r.redact({ operation: 'PutItem', table: 'posts', params: { pk: `POST#${postId}` } }),
      r.redactString(`feed:${userId}`),
    ],
  },
  {
    name: 'careless sign-in invocation',
    what: 'the whole API Gateway event as metadata (headers, query, a JSON body string with a password, a card number)',
    invoke: (r) => r.redact(signIn),
  },
];
