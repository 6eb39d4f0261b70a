import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import {
  DEFAULT_OTLP_TRACES_ENDPOINT,
  OtlpHttpSpanExporter,
  readOtelExportOptions,
} from '../exporter';

async function finishedSpans(): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  provider.getTracer('test').startSpan('CreatePost').end();
  await provider.forceFlush();
  return memory.getFinishedSpans();
}

interface Received {
  headers: IncomingHttpHeaders;
  body: Buffer;
}

async function startEndpoint(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const exportOnce = (exporter: OtlpHttpSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> =>
  new Promise((resolve) => exporter.export(spans, resolve));

describe('OTLP export options (environment)', () => {
  it('takes the traces endpoint, else the base endpoint, else the ADOT extension', () => {
    expect(
      readOtelExportOptions({
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://a:1/custom',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2',
      }).url,
    ).toBe('http://a:1/custom');
    expect(readOtelExportOptions({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://b:2/' }).url).toBe(
      'http://b:2/v1/traces',
    );
    expect(readOtelExportOptions({})).toMatchObject({
      url: DEFAULT_OTLP_TRACES_ENDPOINT,
      protocol: 'http/json',
      flushTimeoutMs: 2000,
    });
    expect(readOtelExportOptions({}).signer).toBeUndefined();
  });

  it('refuses an unknown protocol and a bad flush bound', () => {
    expect(() => readOtelExportOptions({ OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' })).toThrow(
      /http\/json or http\/protobuf/,
    );
    expect(() => readOtelExportOptions({ OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS: '-1' })).toThrow(
      /positive integer/,
    );
  });
});

describe('OtlpHttpSpanExporter', () => {
  let endpoint: Awaited<ReturnType<typeof startEndpoint>>;
  beforeAll(async () => {
    endpoint = await startEndpoint();
  });
  afterAll(() => endpoint.close());

  it('posts protobuf signed with SigV4 for X-Ray, with the session token', async () => {
    const options = readOtelExportOptions({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint.url,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
      OBSERVABILITY_OTLP_SIGV4_SERVICE: 'xray',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
      AWS_SESSION_TOKEN: 'session-token',
    });
    const exporter = new OtlpHttpSpanExporter(options);
    const result = await exportOnce(exporter, await finishedSpans());
    await exporter.shutdown();

    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const { headers, body } = endpoint.received.at(-1)!;
    expect(headers['content-type']).toBe('application/x-protobuf');
    expect(body.includes(Buffer.from('CreatePost'))).toBe(true);
    const day = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(headers.authorization).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/${day}/eu-west-1/xray/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$`,
      ),
    );
    expect(headers['x-amz-security-token']).toBe('session-token');
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    // The secret itself never travels.
    expect(JSON.stringify(headers)).not.toContain('not-a-real-secret');
  });
});
