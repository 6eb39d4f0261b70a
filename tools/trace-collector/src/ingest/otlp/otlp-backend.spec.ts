import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import {
  expectTrace,
  startLambdaFunction,
  startSegmentCapture,
  type SegmentCapture,
} from '@traced-social/observability/testing';
import { buildTraceTree, type SegmentDocument } from '@traced-social/trace-model';
import { startCollector, type Collector } from '../../collector';
import { localXRayClient } from '../../testing';

/**
 * The observability lib's OpenTelemetry backend exporting as it does in AWS (protobuf, SigV4
 * signed) into the collector, read back with the real X-Ray client.
 */
describe('otel backend → POST /v1/traces (protobuf, SigV4) → X-Ray API', () => {
  let collector: Collector;
  let capture: SegmentCapture;
  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    capture = await startSegmentCapture();
  });
  afterAll(async () => {
    await capture.close();
    await collector.close();
  });

  it('shows the handler span and its operations under the Lambda function segment', async () => {
    const fn = await startLambdaFunction({
      capture,
      handler: require.resolve('./fixtures/otel-handler'),
      functionName: 'posts-create-post',
      env: {
        TRACING_BACKEND: 'otel',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${collector.url}/v1/traces`,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/protobuf',
        OBSERVABILITY_OTLP_SIGV4_SERVICE: 'xray',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
    });
    let traceId: string;
    let functionSegmentId: string;
    try {
      ({ traceId, functionSegmentId } = await fn.invoke({ userId: 'user-ada' }));
    } finally {
      fn.close();
    }

    const client = localXRayClient(collector.url);
    const { Traces = [] } = await client.send(new BatchGetTracesCommand({ TraceIds: [traceId] }));
    client.destroy();
    const documents = (Traces[0]?.Segments ?? []).map(
      (s) => JSON.parse(s.Document!) as SegmentDocument,
    );
    const tree = buildTraceTree({ id: traceId, segments: [], orphans: documents });
    const handler = expectTrace(tree)
      .toHavePath('## otel-handler.handler', 'CreatePost', 'GetUserProfile')
      .node('## otel-handler.handler')
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('userId', 'user-ada')
      .toHaveAnnotation('ColdStart', true);
    expect(handler.document.parent_id).toBe(functionSegmentId);
    expect(collector.stats().rejected).toBe(0);
  });
});
