import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import { startCollector, type Collector } from '../../collector';
import { allSummaries, localXRayClient } from '../../testing';

const WORKSPACE_ROOT = join(__dirname, '../../../../..');
const SERVICE = join(__dirname, 'fixtures/upstream-service.ts');

/** Runs the upstream-SDK service once: it ends one span carrying `marker` and exports it. */
async function runUpstreamService(
  encoding: 'json' | 'proto' | 'grpc',
  compression: 'none' | 'gzip',
  url: string,
  marker: string,
): Promise<{ traceId: string; code: string; error?: string }> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '-r',
      join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js'),
      SERVICE,
      encoding,
      compression,
      url,
      marker,
    ],
    { cwd: WORKSPACE_ROOT },
  );
  return JSON.parse(stdout) as { traceId: string; code: string; error?: string };
}

/**
 * OpenTelemetry's own OTLP/HTTP exporters (JSON and protobuf, plain and gzip-compressed), in a
 * service process instrumented with the upstream SDK, export to the collector; the spans are
 * read back with the real X-Ray client.
 */
describe('OTLP from the upstream OpenTelemetry exporters', () => {
  let collector: Collector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0, otlpPort: 0, otlpGrpcPort: 0 });
  });
  afterAll(() => collector.close());

  it.each([
    ['exporter-trace-otlp-http (JSON)', 'json', 'none'],
    ['exporter-trace-otlp-http (JSON), gzip', 'json', 'gzip'],
    ['exporter-trace-otlp-proto (protobuf)', 'proto', 'none'],
    ['exporter-trace-otlp-proto (protobuf), gzip', 'proto', 'gzip'],
    ['exporter-trace-otlp-grpc (OTLP/gRPC)', 'grpc', 'none'],
    ['exporter-trace-otlp-grpc (OTLP/gRPC), gzip', 'grpc', 'gzip'],
  ] as const)(
    '%s: the spans are stored and found through the X-Ray API',
    async (_, encoding, compression) => {
      const marker = `${encoding}-${compression}`;
      const exported = await runUpstreamService(
        encoding,
        compression,
        encoding === 'grpc' ? collector.otlpGrpcUrl! : `${collector.url}/v1/traces`,
        marker,
      );
      expect(exported).toEqual({
        traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
        code: 'SUCCESS',
      });

      const { traceId } = exported;
      const xrayTraceId = `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
      const client = localXRayClient(collector.url);
      const summaries = await allSummaries(client, {
        FilterExpression: `annotation.marker = "${marker}"`,
      });
      expect(summaries.map((s) => s.Id)).toEqual([xrayTraceId]);
      const { Traces = [] } = await client.send(
        new BatchGetTracesCommand({ TraceIds: [xrayTraceId] }),
      );
      const document = JSON.parse(Traces[0]?.Segments?.[0]?.Document ?? '{}') as Record<
        string,
        unknown
      >;
      // A server span is a segment named by its service, as X-Ray maps OTLP.
      expect(document).toMatchObject({
        name: 'upstream-service',
        annotations: { marker },
        http: { response: { status: 200 } },
      });
      client.destroy();
    },
  );

  it('serves OTLP/HTTP, and nothing else, on the OTLP port as well (otlpPort: 4318 under npm start)', async () => {
    const otlpUrl = collector.otlpUrl!;
    expect(otlpUrl).not.toBe(collector.url);
    const exported = await runUpstreamService('proto', 'none', `${otlpUrl}/v1/traces`, 'otlp-port');
    expect(exported.code).toBe('SUCCESS');
    const client = localXRayClient(collector.url);
    const summaries = await allSummaries(client, {
      FilterExpression: 'annotation.marker = "otlp-port"',
    });
    expect(summaries).toHaveLength(1);
    client.destroy();
    // The X-Ray API and the viewer stay on the collector's own port.
    const onOtlpPort = await fetch(`${otlpUrl}/TraceSummaries`, { method: 'POST', body: '{}' });
    expect(onOtlpPort.status).toBe(404);
  });

  const post = (body: Buffer, contentEncoding: string): Promise<Response> =>
    fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': contentEncoding },
      body: new Uint8Array(body),
    });

  it('refuses a content coding it does not read with 415 and Accept-Encoding, storing nothing', async () => {
    const before = collector.store.size;
    const response = await post(Buffer.from('{"resourceSpans":[]}'), 'zstd');
    expect(response.status).toBe(415);
    expect(response.headers.get('accept-encoding')).toBe('gzip, x-gzip, deflate, br, identity');
    expect(((await response.json()) as { Message: string }).Message).toBe(
      'Content-Encoding "zstd" is not supported: use gzip, x-gzip, deflate, br, identity',
    );
    expect(collector.store.size).toBe(before);
  });

  it('answers 400 to a body that is not the gzip it claims, and 413 to one that inflates past 16 MB', async () => {
    const before = collector.store.size;
    const notGzip = await post(Buffer.from('{"resourceSpans":[]}'), 'gzip');
    expect(notGzip.status).toBe(400);
    expect(((await notGzip.json()) as { Message: string }).Message).toBe(
      'The request body is not valid gzip data',
    );
    // ~17 KB on the wire, 17 MB once inflated.
    const bomb = gzipSync(Buffer.alloc(17 * 1024 * 1024, 0x20));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const tooLarge = await post(bomb, 'gzip');
    expect(tooLarge.status).toBe(413);
    expect(collector.store.size).toBe(before);
  });
});
