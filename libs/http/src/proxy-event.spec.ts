import { buildProxyEvent, type ProxyEventParts } from './proxy-event';

const parts: ProxyEventParts = {
  method: 'GET',
  resource: '/posts/{postId}',
  path: '/posts/p-1',
  multiValueHeaders: { 'X-Multi': ['one', 'two'], Host: ['api.local'] },
  multiValueQuery: { tag: ['a', 'b'] },
  pathParameters: { postId: 'p-1' },
  body: null,
  isBase64Encoded: false,
  requestId: 'req-9',
  api: { accountId: '000000000000', apiId: 'api-1', stage: 'dev' },
  client: {
    sourceIp: '10.0.0.1',
    userAgent: 'curl',
    protocol: 'HTTP/1.1',
    domainName: 'api.local',
  },
  receivedAt: new Date(Date.UTC(2026, 10, 26, 12, 5, 9)),
};

describe('buildProxyEvent', () => {
  it('keeps the last value in the single-value forms and prefixes the stage in the context path', () => {
    const event = buildProxyEvent(parts);
    expect(event).toMatchObject({
      httpMethod: 'GET',
      resource: '/posts/{postId}',
      path: '/posts/p-1',
      headers: { 'X-Multi': 'two', Host: 'api.local' },
      multiValueHeaders: { 'X-Multi': ['one', 'two'] },
      queryStringParameters: { tag: 'b' },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
      pathParameters: { postId: 'p-1' },
      requestContext: {
        path: '/dev/posts/p-1',
        stage: 'dev',
        requestId: 'req-9',
        resourcePath: '/posts/{postId}',
        requestTime: '26/Nov/2026:12:05:09 +0000',
        requestTimeEpoch: Date.UTC(2026, 10, 26, 12, 5, 9),
        identity: { sourceIp: '10.0.0.1', userAgent: 'curl' },
      },
    });
  });

  it('answers null for no query and no path parameters', () => {
    const event = buildProxyEvent({ ...parts, multiValueQuery: {}, pathParameters: {} });
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
  });
});
