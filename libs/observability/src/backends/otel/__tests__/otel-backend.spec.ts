import { createHook } from 'node:async_hooks';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  expectTrace,
  invokeAsLambda,
  startLambdaFunction,
  startSegmentCapture,
  type SegmentCapture,
} from '../../../testing';

/**
 * What only the OpenTelemetry backend has to prove (the shared contract tests run on it through
 * the "(otel)" Jest project): the Lambda trace context is the handler span's parent, the flush
 * that ends an invocation is bounded and loses nothing when the collector is away.
 */
const handlers = require.resolve('../../../__tests__/fixtures/handlers');
const otel = { TRACING_BACKEND: 'otel' };

type Mode = 'forward' | 'fail' | 'hold';

/** Resolves once `condition` holds (polled), or fails after `timeoutMs`. */
async function until(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An OTLP endpoint in front of the capture that can refuse (503) or hold requests. */
async function startFlakyEndpoint(target: string): Promise<{
  url: string;
  setMode(mode: Mode): void;
  held(): number;
  received(): number;
  close(): Promise<void>;
}> {
  let mode: Mode = 'forward';
  let received = 0;
  const holding: Array<() => void> = [];
  const forward = (req: IncomingMessage, body: Buffer, answer: (status: number) => void): void => {
    const out = request(target, { method: 'POST', headers: req.headers }, (res) => {
      res.resume();
      res.on('end', () => answer(res.statusCode ?? 502));
    });
    out.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += 1;
      const body = Buffer.concat(chunks);
      const answer = (status: number): void => void res.writeHead(status).end('{}');
      if (mode === 'fail') answer(503);
      else if (mode === 'hold') holding.push(() => forward(req, body, answer));
      else forward(req, body, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    setMode(next) {
      mode = next;
      if (next === 'forward') holding.splice(0).forEach((release) => release());
    },
    held: () => holding.length,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('OpenTelemetry backend (TRACING_BACKEND=otel)', () => {
  let capture: SegmentCapture;
  beforeAll(async () => {
    capture = await startSegmentCapture();
  });
  afterAll(() => capture.close());

  it('hangs the handler span under the function segment named in _X_AMZN_TRACE_ID', async () => {
    const { tree, traceId, functionSegmentId } = await invokeAsLambda({
      capture,
      handler: handlers,
      exportName: 'nested',
      functionName: 'otel-fn',
      env: otel,
      event: { userId: 'user-1' },
    });

    const handler = expectTrace(tree)
      .toBeComplete()
      .toHavePath('otel-fn', 'otel-fn', '## handlers.nested', 'CreatePost', 'GetUserProfile')
      .node('## handlers.nested')
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('ColdStart', true)
      .toHaveAnnotation('Service', 'otel-fn');
    expect(handler.document).toMatchObject({
      trace_id: traceId,
      parent_id: functionSegmentId,
      type: 'subsegment',
    });
    // The spans really travelled as OTLP, marking annotations as X-Ray's mapping expects.
    const raw = capture.rawBytes().toString('utf8');
    expect(raw).toContain('"resourceSpans"');
    expect(raw).toContain('"aws.xray.annotations"');
  });

  it('sends segment documents to the X-Ray daemon with OBSERVABILITY_OTEL_EXPORT=xray-daemon', async () => {
    const bytesBefore = capture.rawBytes().length;
    const { tree, traceId, functionSegmentId } = await invokeAsLambda({
      capture,
      handler: handlers,
      exportName: 'nested',
      functionName: 'daemon-otel-fn',
      // The capture's UDP address is AWS_XRAY_DAEMON_ADDRESS, as Lambda's daemon is in AWS.
      env: { ...otel, OBSERVABILITY_OTEL_EXPORT: 'xray-daemon' },
      event: { userId: 'user-1' },
    });

    const handler = expectTrace(tree)
      .toBeComplete()
      .toHavePath(
        'daemon-otel-fn',
        'daemon-otel-fn',
        '## handlers.nested',
        'CreatePost',
        'GetUserProfile',
      )
      .node('## handlers.nested')
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('ColdStart', true);
    expect(handler.document).toMatchObject({
      trace_id: traceId,
      parent_id: functionSegmentId,
      type: 'subsegment',
    });
    // Nothing went over OTLP: the spans travelled as daemon datagrams.
    const received = capture.rawBytes().subarray(bytesBefore).toString('utf8');
    expect(received).not.toContain('"resourceSpans"');
    expect(received).toContain('"name":"CreatePost"');
  });

  it('opens no connection with tracing off (NODE_ENV=test and no collector address)', async () => {
    const fn = await startLambdaFunction({
      capture,
      handler: handlers,
      exportName: 'nested',
      functionName: 'quiet-otel-fn',
      env: {
        ...otel,
        AWS_XRAY_DAEMON_ADDRESS: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      },
    });
    let sockets = 0;
    const hook = createHook({
      init: (_id, type) => {
        if (type === 'TCPWRAP' || type === 'UDPWRAP') sockets += 1;
      },
    });
    try {
      hook.enable();
      const { result } = await fn.invoke({ userId: 'user-1' }, { wait: { minDocuments: 2 } });
      hook.disable();
      expect(result).toMatchObject({ statusCode: 201 });
      expect(sockets).toBe(0);
    } finally {
      hook.disable();
      fn.close();
    }
  });

  it('returns within the flush bound while the collector holds the export, and loses nothing', async () => {
    const endpoint = await startFlakyEndpoint(capture.otlpEndpoint);
    const fn = await startLambdaFunction({
      capture,
      handler: handlers,
      exportName: 'nested',
      functionName: 'held-fn',
      env: {
        ...otel,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint.url,
        OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS: '100',
      },
    });
    try {
      endpoint.setMode('hold');
      // The harness waits only for the Lambda service's own segments of this trace.
      const first = await fn.invoke({ userId: 'user-1' }, { wait: { minDocuments: 2 } });
      expect(first.result).toMatchObject({ statusCode: 201 });
      await until('the export to reach the endpoint', () => endpoint.held() === 1);
      expectTrace(first.tree).notToHavePath('## handlers.nested');

      endpoint.setMode('forward');
      const second = await fn.invoke({ userId: 'user-2' });
      expectTrace(second.tree).toHavePath('held-fn', '## handlers.nested', 'CreatePost');
      // The held spans arrive: forwarded when released, or re-sent if their request timed out.
      const firstTree = await capture.waitForTrace(first.traceId, { minDocuments: 3 });
      expectTrace(firstTree).toHavePath('held-fn', '## handlers.nested', 'CreatePost');
    } finally {
      fn.close();
      await endpoint.close();
    }
  });

  it('re-sends the spans of a refused export with the next one', async () => {
    const endpoint = await startFlakyEndpoint(capture.otlpEndpoint);
    const fn = await startLambdaFunction({
      capture,
      handler: handlers,
      exportName: 'nested',
      functionName: 'refused-fn',
      // A generous bound: the flush always sees the refusal, however busy the machine.
      env: {
        ...otel,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: endpoint.url,
        OBSERVABILITY_OTEL_FLUSH_TIMEOUT_MS: '30000',
      },
    });
    try {
      endpoint.setMode('fail');
      const refused = await fn.invoke({ userId: 'user-1' });
      await until('the export to be refused', () => endpoint.received() === 1);
      expectTrace(refused.tree).notToHavePath('## handlers.nested');

      endpoint.setMode('forward');
      const accepted = await fn.invoke({ userId: 'user-2' });
      expectTrace(accepted.tree).node('## handlers.nested').toHaveAnnotation('userId', 'user-2');
      const resent = await capture.waitForTrace(refused.traceId, { minDocuments: 3 });
      expectTrace(resent)
        .toBeComplete()
        .node('## handlers.nested')
        .toHaveAnnotation('userId', 'user-1')
        .toHaveAnnotation('ColdStart', true);
    } finally {
      fn.close();
      await endpoint.close();
    }
  });
});
