import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { MAX_QUEUED_DATAGRAMS, XRayDaemonSpanExporter } from '../daemon-exporter';
import { startDaemonSocket, type DaemonSocket } from './support/daemon-socket';

/** Finished spans of a provider of their own, as the exporter receives them. */
function finishedSpans(names: string[]): ReadableSpan[] {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void ended.push(span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const tracer = new TracerProvider({ spanProcessors: [collect] }).getTracer('daemon-exporter');
  for (const name of names) tracer.startSpan(name).end();
  return ended;
}

describe('XRayDaemonSpanExporter', () => {
  let daemon: DaemonSocket;
  const receivedNames = (): string[] => daemon.received.map((doc) => String(doc.name));
  beforeAll(async () => {
    daemon = await startDaemonSocket();
  });
  afterAll(() => daemon.close());

  it('keeps the newest datagrams, at most MAX_QUEUED_DATAGRAMS, while its socket connects', async () => {
    const { port } = daemon;
    // By name: connecting waits for a lookup, and every export below happens before it answers.
    const exporter = new XRayDaemonSpanExporter({ host: 'localhost', port });
    const names = Array.from({ length: MAX_QUEUED_DATAGRAMS + 50 }, (_, i) => `Step ${i}`);
    for (const span of finishedSpans(names)) exporter.export([span], () => undefined);

    const expected = names.slice(-MAX_QUEUED_DATAGRAMS);
    const deadline = Date.now() + 5000;
    while (receivedNames().length < expected.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Nothing more arrives after the queue was sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receivedNames().sort()).toEqual([...expected].sort());

    // Once connected, a datagram goes at once.
    exporter.export(finishedSpans(['After connect']), () => undefined);
    const after = Date.now() + 2000;
    while (!receivedNames().includes('After connect') && Date.now() < after) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(receivedNames()).toContain('After connect');
    await exporter.shutdown();
  });
});
