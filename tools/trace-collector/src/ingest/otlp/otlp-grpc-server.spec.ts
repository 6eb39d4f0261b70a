import { connect, type ClientHttp2Session, type IncomingHttpHeaders } from 'node:http2';
import { startCollector, type Collector } from '../../collector';
import { OTLP_GRPC_EXPORT_PATH } from './otlp-grpc-server';

/** One gRPC call as a client frames it: the answer's headers and trailers (merged), its data. */
async function call(
  session: ClientHttp2Session,
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Promise<{ headers: IncomingHttpHeaders; data: Buffer }> {
  const stream = session.request({
    ':method': 'POST',
    ':path': path,
    'content-type': 'application/grpc',
    te: 'trailers',
    ...headers,
  });
  const answer: IncomingHttpHeaders = {};
  stream.on('response', (h) => Object.assign(answer, h));
  stream.on('trailers', (h) => Object.assign(answer, h));
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.end(body);
  await new Promise((resolve) => stream.on('close', resolve));
  return { headers: answer, data: Buffer.concat(chunks) };
}

/** A gRPC message frame: compressed flag, length, bytes. */
function frame(message: Buffer, compressed = false): Buffer {
  const prefix = Buffer.alloc(5);
  prefix[0] = compressed ? 1 : 0;
  prefix.writeUInt32BE(message.length, 1);
  return Buffer.concat([prefix, message]);
}

describe('OTLP/gRPC receiver', () => {
  let collector: Collector;
  let session: ClientHttp2Session;
  beforeAll(async () => {
    collector = await startCollector({ port: 0, otlpGrpcPort: 0 });
    session = connect(collector.otlpGrpcUrl!);
  });
  afterAll(async () => {
    session.close();
    await collector.close();
  });

  it('answers an empty export OK, with an empty ExportTraceServiceResponse', async () => {
    const { headers, data } = await call(session, OTLP_GRPC_EXPORT_PATH, frame(Buffer.alloc(0)));
    expect(headers[':status']).toBe(200);
    expect(headers['grpc-status']).toBe('0');
    expect(data).toEqual(frame(Buffer.alloc(0)));
  });

  const refusals: Array<{
    what: string;
    path: string;
    body: Buffer;
    headers: Record<string, string>;
    status: string;
  }> = [
    {
      what: 'a method it does not serve',
      path: '/grpc.health.v1.Health/Check',
      body: frame(Buffer.alloc(0)),
      headers: {},
      status: '12',
    },
    {
      what: 'bytes that are not one framed message',
      path: OTLP_GRPC_EXPORT_PATH,
      body: Buffer.from([0, 0, 0]),
      headers: {},
      status: '3',
    },
    {
      what: 'a message that is not an export request',
      path: OTLP_GRPC_EXPORT_PATH,
      body: frame(Buffer.from([0xff, 0xff, 0xff])),
      headers: {},
      status: '3',
    },
    {
      what: 'a compression it does not read',
      path: OTLP_GRPC_EXPORT_PATH,
      body: frame(Buffer.from('x'), true),
      headers: { 'grpc-encoding': 'snappy' },
      status: '12',
    },
    {
      what: 'a gzip message that is not gzip',
      path: OTLP_GRPC_EXPORT_PATH,
      body: frame(Buffer.from('x'), true),
      headers: { 'grpc-encoding': 'gzip' },
      status: '3',
    },
  ];

  it.each(refusals)(
    'refuses $what with gRPC status $status, storing nothing',
    async ({ path, body, headers, status }) => {
      const before = collector.store.size;
      const answer = (await call(session, path, body, headers)).headers;
      expect(answer[':status']).toBe(200);
      expect({ status: answer['grpc-status'], message: typeof answer['grpc-message'] }).toEqual({
        status,
        message: 'string',
      });
      expect(collector.store.size).toBe(before);
    },
  );

  it('answers a message over 16 MB with RESOURCE_EXHAUSTED, and a call cancelled midway with nothing, and goes on serving', async () => {
    const tooLarge = await call(
      session,
      OTLP_GRPC_EXPORT_PATH,
      frame(Buffer.alloc(17 * 1024 * 1024)),
    );
    expect(tooLarge.headers['grpc-status']).toBe('8');

    const cancelled = session.request({
      ':method': 'POST',
      ':path': OTLP_GRPC_EXPORT_PATH,
      'content-type': 'application/grpc',
    });
    cancelled.write(Buffer.from([0, 0, 0, 1, 0]));
    cancelled.close();
    await new Promise((resolve) => cancelled.on('close', resolve));

    const after = await call(session, OTLP_GRPC_EXPORT_PATH, frame(Buffer.alloc(0)));
    expect(after.headers['grpc-status']).toBe('0');
  });

  it('answers a request that is not gRPC with HTTP 415', async () => {
    const { headers } = await call(session, OTLP_GRPC_EXPORT_PATH, Buffer.from('{}'), {
      'content-type': 'application/json',
    });
    expect(headers[':status']).toBe(415);
  });
});
