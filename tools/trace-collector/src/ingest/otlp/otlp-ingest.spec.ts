import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import { SpanKind, SpanStatusCode, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import type { SegmentDocument } from '@traced-social/trace-model';
import { startCollector, type Collector } from '../../collector';
import { allSummaries, localXRayClient } from '../../testing';

/**
 * OTLP/HTTP into the collector, encoded by OpenTelemetry's own serializers (JSON and protobuf),
 * read back with the real X-Ray client: spans show as the segment documents X-Ray makes of them.
 */
async function recordSpans(
  functionSegmentId: string,
): Promise<{ spans: ReadableSpan[]; traceId: string }> {
  const exporter = new InMemorySpanExporter();
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'posts' }),
    idGenerator: new AWSXRayIdGenerator(),
    spanProcessors: [new SimpleSpanProcessor({ exporter })],
  });
  const tracer = provider.getTracer('test');
  const traceId = new AWSXRayIdGenerator().generateTraceId();
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: functionSegmentId,
    traceFlags: TraceFlags.SAMPLED,
    isRemote: true,
  });
  const handler = tracer.startSpan('## create-post.handler', { kind: SpanKind.INTERNAL }, parent);
  handler.setAttributes({
    operationType: 'CREATE_POST',
    userId: 'user-ada',
    'aws.xray.annotations': ['operationType', 'userId'],
    'aws.xray.metadata.posts': JSON.stringify({ request: { textLength: 12 } }),
  });
  const call = tracer.startSpan(
    'DynamoDB',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'rpc.system': 'aws-api',
        'rpc.service': 'DynamoDB',
        'aws.operation': 'PutItem',
        'aws.table_name': 'posts',
      },
    },
    trace.setSpan(parent, handler),
  );
  call.addEvent('exception', {
    'exception.type': 'ConditionalCheckFailedException',
    'exception.message': 'The conditional request failed',
  });
  call.setAttribute('http.response.status_code', 400);
  call.setStatus({ code: SpanStatusCode.ERROR });
  call.end();
  handler.end();
  await provider.forceFlush();
  return { spans: exporter.getFinishedSpans(), traceId };
}

describe('OTLP/HTTP ingestion (POST /v1/traces)', () => {
  let collector: Collector;
  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
  });
  afterAll(() => collector.close());

  const post = (body: Uint8Array | string, contentType: string): Promise<Response> =>
    fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : Buffer.from(body),
    });

  it.each([
    ['application/json', JsonTraceSerializer],
    ['application/x-protobuf', ProtobufTraceSerializer],
  ])(
    'maps %s spans to segment documents the X-Ray API returns',
    async (contentType, serializer) => {
      const functionSegmentId = '1a2b3c4d5e6f7a8b';
      const { spans, traceId } = await recordSpans(functionSegmentId);
      const response = await post(serializer.serializeRequest(spans)!, contentType);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(contentType);

      const xrayTraceId = `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
      const client = localXRayClient(collector.url);
      const summaries = await allSummaries(client, {
        FilterExpression:
          'annotation.userId = "user-ada" AND annotation.operationType = "CREATE_POST"',
      });
      expect(summaries.map((s) => s.Id)).toContain(xrayTraceId);

      const { Traces = [] } = await client.send(
        new BatchGetTracesCommand({ TraceIds: [xrayTraceId] }),
      );
      // Subsegments come back inside their parents' documents, as from X-Ray.
      const flatten = (doc: SegmentDocument): SegmentDocument[] => [
        doc,
        ...(doc.subsegments ?? []).flatMap(flatten),
      ];
      const documents = (Traces[0]?.Segments ?? []).flatMap((s) =>
        flatten(JSON.parse(s.Document!) as SegmentDocument),
      );
      const handler = documents.find((d) => d.name === '## create-post.handler')!;
      expect(handler).toMatchObject({
        type: 'subsegment',
        parent_id: functionSegmentId,
        annotations: { operationType: 'CREATE_POST', userId: 'user-ada' },
        metadata: { posts: { request: { textLength: 12 } } },
      });
      const call = documents.find((d) => d.name === 'DynamoDB')!;
      expect(call).toMatchObject({
        parent_id: handler.id,
        namespace: 'aws',
        aws: { operation: 'PutItem', table_name: 'posts' },
        error: true,
        cause: { exceptions: [{ type: 'ConditionalCheckFailedException' }] },
      });
      client.destroy();
    },
  );

  it('keeps the valid spans of a request and reports the refused ones as a partial success', async () => {
    const good = { traceId: '6b0821069a1b2c3d4e5f60718293a4b5', spanId: 'cccccccccccccccc' };
    const body = JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  ...good,
                  name: 'Kept',
                  kind: 2,
                  startTimeUnixNano: '1795694854231000000',
                  endTimeUnixNano: '1795694854331000000',
                },
                { traceId: 'xyz', spanId: 'dddddddddddddddd', name: 'Bad', startTimeUnixNano: '1' },
              ],
            },
          ],
        },
      ],
    });
    const response = await post(body, 'application/json');
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      partialSuccess: { rejectedSpans: number; errorMessage: string };
    };
    expect(answer.partialSuccess.rejectedSpans).toBe(1);
    expect(answer.partialSuccess.errorMessage).toContain('traceId');
    expect(
      collector.store.documents('1-6b082106-9a1b2c3d4e5f60718293a4b5').map((d) => d.name),
    ).toEqual(['Kept']);
  });

  it('answers 400 to a body that is not a trace request and 415 to another content type', async () => {
    const before = collector.store.size;
    expect((await post('{not json', 'application/json')).status).toBe(400);
    expect((await post(Buffer.from([0xff, 0xff, 0xff]), 'application/x-protobuf')).status).toBe(
      400,
    );
    expect((await post('x', 'text/plain')).status).toBe(415);
    expect(collector.store.size).toBe(before);
  });
});
