import {
  createServer,
  type Http2Server,
  type Http2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Stream,
} from 'node:http2';
import { ClosedBeforeEnd, readBoundedBody } from '../../api/bounded-body';
import { ContentEncodingError, decodeContentEncoding } from '../../api/content-encoding';
import { MAX_BODY_BYTES } from '../../api/http-api';
import type { Ingestor } from '../ingestor';
import { OtlpDecodeError, encodeOtlpTraceResponse } from './otlp-decoder';
import { ingestOtlpTraces } from './otlp-ingest';

/** The one method served: OTLP's trace export (`opentelemetry.proto.collector.trace.v1`). */
export const OTLP_GRPC_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

/** gRPC status codes used here (grpc/doc/statuscodes.md). */
const STATUS = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
} as const;

/** A request message at most, compressed or not: the HTTP receiver's body limit. */
const MAX_MESSAGE_BYTES = MAX_BODY_BYTES;

/**
 * The message compressions gRPC names that this server reads (`grpc-encoding`), undone by the
 * HTTP receiver's content decoding: gzip, and deflate in the zlib format.
 */
const ACCEPTED_ENCODINGS = 'identity,deflate,gzip';

/** How a compressed message that does not decode is answered. */
const STATUS_OF_DECODING: Record<ContentEncodingError['status'], number> = {
  400: STATUS.INVALID_ARGUMENT,
  413: STATUS.RESOURCE_EXHAUSTED,
  415: STATUS.UNIMPLEMENTED,
};

/** An answer other than OK: its gRPC status and message. */
class GrpcError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The OTLP/gRPC receiver, listening. */
export interface OtlpGrpcServer {
  /** The port it listens on. */
  port: number;
  /** Stops listening and ends every connection (clients keep theirs open between exports). */
  close(): Promise<void>;
}

/** `createOtlpGrpcServer` listening on `host:port` (0: a free port). */
export async function listenOtlpGrpc(
  ingestor: Ingestor,
  host: string,
  port: number,
  log: (line: string) => void,
): Promise<OtlpGrpcServer> {
  const server = createOtlpGrpcServer(ingestor, log);
  const sessions = new Set<Http2Session>();
  server.on('session', (session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const session of sessions) session.destroy();
      }),
  };
}

/**
 * OTLP/gRPC trace receiver: an HTTP/2 server (cleartext, as OpenTelemetry SDKs connect to an
 * `http://` endpoint) answering the unary `TraceService/Export` call as gRPC frames it (a
 * length-prefixed protobuf message, gzip or deflate when `grpc-encoding` says so; the status in
 * trailers). The request goes through the same ingestion as OTLP/HTTP's protobuf bodies.
 */
export function createOtlpGrpcServer(ingestor: Ingestor, log: (line: string) => void): Http2Server {
  const server = createServer();
  server.on('stream', (stream, headers) => {
    answer(stream, headers, ingestor).catch((error: unknown) => {
      log(`trace collector: OTLP/gRPC export failed: ${(error as Error).stack ?? error}`);
      respondStatus(stream, STATUS.INTERNAL, 'Internal error in the collector');
    });
  });
  // A client that goes away mid-call is not the collector's failure.
  server.on('sessionError', () => undefined);
  return server;
}

async function answer(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
  ingestor: Ingestor,
): Promise<void> {
  stream.on('error', () => undefined);
  const contentType = String(headers['content-type'] ?? '');
  if (!contentType.startsWith('application/grpc')) {
    // Not a gRPC call: answered as HTTP, as gRPC servers do (grpc/doc/PROTOCOL-HTTP2.md).
    stream.respond({ ':status': 415 }, { endStream: true });
    return;
  }
  if (headers[':method'] !== 'POST' || headers[':path'] !== OTLP_GRPC_EXPORT_PATH) {
    respondStatus(stream, STATUS.UNIMPLEMENTED, `No method ${headers[':path']} here`);
    return;
  }
  try {
    const message = await readMessage(stream, headers);
    const result = ingestOtlpTraces(ingestor, message, 'protobuf');
    const response = encodeOtlpTraceResponse('protobuf', result.rejected, result.errors.join('; '));
    const body = Buffer.from(response.body);
    const frame = Buffer.alloc(5 + body.length);
    frame.writeUInt32BE(body.length, 1);
    body.copy(frame, 5);
    if (stream.destroyed || stream.closed) return;
    stream.respond(
      {
        ':status': 200,
        'content-type': 'application/grpc',
        'grpc-accept-encoding': ACCEPTED_ENCODINGS,
      },
      { waitForTrailers: true },
    );
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(STATUS.OK) }));
    stream.end(frame);
  } catch (error) {
    // A client that cancelled the call: nothing to answer.
    if (error instanceof ClosedBeforeEnd) return;
    if (error instanceof GrpcError) respondStatus(stream, error.status, error.message);
    else if (error instanceof OtlpDecodeError)
      respondStatus(stream, STATUS.INVALID_ARGUMENT, `OTLP: ${error.message}`);
    else throw error;
  }
}

/** The call's one request message, decompressed. */
async function readMessage(
  stream: ServerHttp2Stream,
  headers: IncomingHttpHeaders,
): Promise<Buffer> {
  const data = await readBoundedBody(stream, MAX_MESSAGE_BYTES + 5);
  if (!data)
    throw new GrpcError(STATUS.RESOURCE_EXHAUSTED, `Message over ${MAX_MESSAGE_BYTES} bytes`);
  if (data.length < 5 || data.length !== 5 + data.readUInt32BE(1)) {
    throw new GrpcError(STATUS.INVALID_ARGUMENT, 'The request is not one length-prefixed message');
  }
  const message = data.subarray(5);
  if (data[0] === 0) return message;
  const encoding = String(headers['grpc-encoding'] ?? 'identity');
  if (!ACCEPTED_ENCODINGS.split(',').includes(encoding)) {
    throw new GrpcError(
      STATUS.UNIMPLEMENTED,
      `Message compressed with "${encoding}": this server reads ${ACCEPTED_ENCODINGS}`,
    );
  }
  try {
    return await decodeContentEncoding(message, encoding, MAX_MESSAGE_BYTES);
  } catch (error) {
    if (error instanceof ContentEncodingError) {
      throw new GrpcError(STATUS_OF_DECODING[error.status], error.message);
    }
    throw error;
  }
}

/** A "trailers-only" answer: the status in the only headers sent (none to a stream gone). */
function respondStatus(stream: ServerHttp2Stream, status: number, message: string): void {
  if (stream.destroyed || stream.closed || stream.headersSent) return;
  stream.respond(
    {
      ':status': 200,
      'content-type': 'application/grpc',
      'grpc-accept-encoding': ACCEPTED_ENCODINGS,
      'grpc-status': String(status),
      'grpc-message': percentEncoded(message),
    },
    { endStream: true },
  );
}

/** `grpc-message` is percent-encoded: printable ASCII but `%` as is, every other byte escaped. */
function percentEncoded(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    out +=
      byte >= 0x20 && byte <= 0x7e && byte !== 0x25
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}
