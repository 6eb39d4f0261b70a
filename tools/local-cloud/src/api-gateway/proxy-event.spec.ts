import { createServer, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { proxyEventOf, isTextual } from './proxy-event';

/** Sends a real HTTP request and builds the event from what the server received. */
async function eventFor(options: {
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body?: Buffer;
}): Promise<APIGatewayProxyEvent> {
  let built: APIGatewayProxyEvent | undefined;
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      built = proxyEventOf({
        req,
        url: new URL(req.url ?? '/', 'http://localhost'),
        body: Buffer.concat(chunks),
        resource: '/items/{id}',
        pathParameters: { id: '7' },
        requestId: 'req-1',
        traceHeader: 'Root=1-00000000-000000000000000000000000;Parent=0000000000000001;Sampled=1',
        api: { apiId: 'local', stage: 'local' },
      });
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  // A raw request, so that repeated headers reach the server as sent.
  const head = [
    `${options.method} ${options.path} HTTP/1.1`,
    'Host: localhost',
    'Connection: close',
    ...options.headers.map(([k, v]) => `${k}: ${v}`),
    `Content-Length: ${options.body?.length ?? 0}`,
  ];
  const socket = connect(port, '127.0.0.1');
  socket.write(head.join('\r\n') + '\r\n\r\n');
  if (options.body) socket.write(options.body);
  socket.resume();
  await new Promise((resolve) => socket.on('close', resolve));
  server.close();
  return built!;
}

describe('proxyEventOf', () => {
  it('builds the REST proxy event: headers as sent, multi-values, query, path parameters, text body', async () => {
    const event = await eventFor({
      method: 'POST',
      path: '/items/7?tag=a&tag=b&q=x%20y',
      headers: [
        ['Content-Type', 'application/json'],
        ['X-Multi', 'one'],
        ['X-Multi', 'two'],
      ],
      body: Buffer.from('{"a":1}'),
    });
    expect(event).toMatchObject({
      resource: '/items/{id}',
      path: '/items/7',
      httpMethod: 'POST',
      body: '{"a":1}',
      isBase64Encoded: false,
      pathParameters: { id: '7' },
      queryStringParameters: { tag: 'b', q: 'x y' },
      multiValueQueryStringParameters: { tag: ['a', 'b'], q: ['x y'] },
      requestContext: {
        requestId: 'req-1',
        stage: 'local',
        path: '/local/items/7',
        resourcePath: '/items/{id}',
        identity: { sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['Content-Type']).toBe('application/json');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['one', 'two']);
    expect(event.headers['X-Multi']).toBe('two');
    expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-/);
  });

  it('base64-encodes a binary body, and has nulls where API Gateway has them', async () => {
    const bytes = Buffer.from([0, 255, 1, 2]);
    const event = await eventFor({
      method: 'PUT',
      path: '/items/7',
      headers: [['Content-Type', 'image/png']],
      body: bytes,
    });
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body!, 'base64')).toEqual(bytes);
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
  });

  it('knows which content types are text', () => {
    expect(
      [
        'application/json; charset=utf-8',
        'text/html',
        'application/vnd.api+json',
        'application/x-www-form-urlencoded',
        undefined,
      ].every(isTextual),
    ).toBe(true);
    expect(['image/png', 'application/octet-stream', 'application/pdf'].some(isTextual)).toBe(
      false,
    );
  });
});
