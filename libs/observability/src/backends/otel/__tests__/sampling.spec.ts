import type { SegmentDocument } from '@traced-social/trace-model';
import { createRedactor } from '../../../conventions/redaction';
import type { TracingBackend } from '../../tracing-backend';
import { createOtelBackend } from '../otel-backend';
import { startDaemonSocket, type DaemonSocket } from './support/daemon-socket';

/**
 * The sampling the backend does itself since its spans are its own (decision 1951), as the SDK's
 * `ParentBased(AlwaysOn)` sampler did: the parent's flag decides, and a span with no valid parent
 * starts a new sampled trace. Checked on the datagrams the daemon receives.
 */
const TRACE = '1-5759e988-bd862e3fe1be46a994272793';
const PARENT = '53995c3f42cd8ad8';

describe('OpenTelemetry backend sampling', () => {
  let daemon: DaemonSocket;
  let received: SegmentDocument[];
  beforeAll(async () => {
    daemon = await startDaemonSocket();
    received = daemon.received;
  });
  afterAll(() => daemon.close());
  beforeEach(() => received.splice(0));

  function backend(traceHeader: string): TracingBackend {
    const { port } = daemon;
    const created = createOtelBackend({
      serviceName: 'sampling-fn',
      export: {
        xrayDaemon: { host: '127.0.0.1', port },
        url: 'http://127.0.0.1:9/v1/traces',
        protocol: 'http/json',
        timeoutMs: 1000,
        flushTimeoutMs: 1000,
      },
      redactor: createRedactor(),
      env: { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', _X_AMZN_TRACE_ID: traceHeader },
    });
    if (!created) throw new Error('no backend in a Lambda environment');
    return created;
  }

  /** One invocation with one operation; the documents the daemon receives for it. */
  async function invoke(
    tracing: TracingBackend,
  ): Promise<{ docs: SegmentDocument[]; ran: boolean }> {
    let ran = false;
    tracing.runInvocation(
      '## handler',
      { serviceName: 'sampling-fn', coldStart: false },
      (handlerSpan) => {
        tracing.runInSpan('CreatePost', (op) => {
          ran = true;
          op?.close();
        });
        handlerSpan?.close();
      },
    );
    await tracing.flush();
    // A sampled marker invocation after it: once it arrives, anything sent before it has too.
    const marker = backend(`Root=${TRACE};Parent=${PARENT};Sampled=1`);
    marker.runInvocation('marker', { serviceName: 'sampling-fn', coldStart: false }, (s) =>
      s?.close(),
    );
    await marker.flush();
    await until(() => received.some((doc) => doc.name === 'marker'));
    return { docs: received.filter((doc) => doc.name !== 'marker'), ran };
  }

  it('records under a sampled Lambda trace header, the operation nested in the handler span', async () => {
    const { docs } = await invoke(backend(`Root=${TRACE};Parent=${PARENT};Sampled=1`));
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ trace_id: TRACE, parent_id: PARENT, type: 'subsegment' });
    expect(docs[0].subsegments?.map((s) => s.name)).toEqual(['CreatePost']);
  });

  it('records nothing under an unsampled header (Sampled=0), and the code still runs', async () => {
    expect(await invoke(backend(`Root=${TRACE};Parent=${PARENT};Sampled=0`))).toEqual({
      docs: [],
      ran: true,
    });
  });

  it('starts a new sampled trace for a remote parent that is not valid', async () => {
    const tracing = backend(`Root=${TRACE};Parent=${PARENT};Sampled=1`);
    tracing.runInRemoteTrace(
      'Consumer',
      { traceId: 'not-a-trace', parentId: 'x', sampled: false },
      (span) => span?.close(),
    );
    tracing.runInRemoteTrace(
      'Unsampled',
      { traceId: TRACE, parentId: PARENT, sampled: false },
      (span) => span?.close(),
    );
    await tracing.flush();
    await until(() => received.some((doc) => doc.name === 'Consumer'));
    const consumer = received.find((doc) => doc.name === 'Consumer');
    expect(consumer?.trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(consumer?.trace_id).not.toBe(TRACE);
    expect(consumer?.parent_id).toBeUndefined();
    expect(received.map((doc) => doc.name)).not.toContain('Unsampled');
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a datagram');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
