import type { TraceNode } from '@traced-social/trace-model';
import {
  expectTrace,
  invokeAsLambda,
  startSegmentCapture,
  type SegmentCapture,
} from '../../../testing';

/**
 * The daemon export (decision 1903) maps the SDK's spans directly and sends the handler span with
 * its descendants nested, one datagram per invocation (decision 1930): the trace the capture
 * assembles must be the one the OTLP export yields through the collector's mapping of OTLP.
 */
const handlers = require.resolve('../../../__tests__/fixtures/handlers');
const largeTrace = require.resolve('./fixtures/large-trace');
const otlp = { TRACING_BACKEND: 'otel' };
const daemon = { TRACING_BACKEND: 'otel', OBSERVABILITY_OTEL_EXPORT: 'xray-daemon' };

/**
 * What X-Ray shows of a trace: names, kinds, annotations, metadata, flags, causes, nesting;
 * without what differs between two runs (ids, times, stack frames) or where a piece was sent from
 * (an embedded subsegment takes `trace_id`, `parent_id` and `type` from where it sits).
 */
function shape(nodes: TraceNode[]): unknown[] {
  // Siblings by name: concurrent siblings started in the same millisecond (the SDK's start times
  // are whole milliseconds) keep whichever order their spans ended in, which differs run to run.
  const byName = [...nodes].sort((a, b) =>
    String(a.document.name).localeCompare(String(b.document.name)),
  );
  return byName.map(({ document, children }) => {
    const { id, trace_id, parent_id, type, start_time, end_time, subsegments, cause, ...rest } =
      document;
    void [id, trace_id, parent_id, type, start_time, end_time, subsegments];
    const exceptions = (typeof cause === 'object' ? cause.exceptions : undefined)?.map(
      ({ type: kind, message, remote }) => ({
        type: kind,
        message,
        remote,
      }),
    );
    return { ...rest, ...(exceptions ? { exceptions } : {}), children: shape(children) };
  });
}

describe('OpenTelemetry backend: daemon export (OBSERVABILITY_OTEL_EXPORT=xray-daemon)', () => {
  let capture: SegmentCapture;
  beforeAll(async () => {
    capture = await startSegmentCapture();
  });
  afterAll(() => capture.close());

  const scenarios: Array<{ exportName: string; event: unknown }> = [
    { exportName: 'nested', event: { userId: 'user-1' } },
    { exportName: 'failing', event: { escape: true } },
    { exportName: 'failing', event: { escape: false } },
    { exportName: 'handledError', event: {} },
    { exportName: 'bigMetadata', event: { size: 100_000 } },
    { exportName: 'manyOperations', event: { count: 150 } },
  ];

  it.each(scenarios)(
    'sends $exportName as one datagram, the trace the OTLP export yields',
    async ({ exportName, event }) => {
      const run = (env: Record<string, string>) =>
        invokeAsLambda({
          capture,
          handler: handlers,
          exportName,
          functionName: 'shape-fn',
          env,
          event,
        });
      const viaOtlp = await run(otlp);
      const viaDaemon = await run(daemon);
      // The Lambda service's two segments (sent by the harness) and the handler span's document.
      expect(capture.documents(viaDaemon.traceId)).toHaveLength(2 + 1);
      expect(capture.rejected()).toEqual([]);
      const handlerName = `## handlers.${exportName}`;
      const handlerSpan = (tree: TraceNode[]) => expectTrace(tree).node(handlerName).node;
      expect(shape([handlerSpan(viaDaemon.tree)])).toEqual(shape([handlerSpan(viaOtlp.tree)]));
    },
  );

  it('sends a trace too large for one datagram as one document per span, the same tree', async () => {
    const event = { count: 30, bytes: 4000 };
    const { tree, traceId } = await invokeAsLambda({
      capture,
      handler: largeTrace,
      exportName: 'largeTrace',
      functionName: 'large-fn',
      env: daemon,
      event,
    });
    // Lambda's two segments, the handler span and its 30 operations.
    expect(capture.documents(traceId)).toHaveLength(2 + 1 + event.count);
    expect(
      expectTrace(tree)
        .toBeComplete()
        .toHavePath('large-fn', 'large-fn', '## large-trace.largeTrace', 'Step 29')
        .node('## large-trace.largeTrace')
        .childNames(),
    ).toHaveLength(event.count);
  });
});
