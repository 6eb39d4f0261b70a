import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { parseDaemonDatagram } from '@traced-social/trace-model';
import { MAX_QUEUED_DATAGRAMS, XRayDaemonSpanExporter } from '../daemon-exporter';

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
  let daemon: Socket;
  const received: string[] = [];
  beforeAll(async () => {
    daemon = createSocket('udp4');
    daemon.on('message', (datagram) => {
      const parsed = parseDaemonDatagram(datagram);
      if (parsed.ok) received.push(String(parsed.document.name));
    });
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  });
  afterAll(() => daemon.close());

  it('keeps the newest datagrams, at most MAX_QUEUED_DATAGRAMS, while its socket connects', async () => {
    const { port } = daemon.address() as AddressInfo;
    // By name: connecting waits for a lookup, and every export below happens before it answers.
    const exporter = new XRayDaemonSpanExporter({ host: 'localhost', port });
    const names = Array.from({ length: MAX_QUEUED_DATAGRAMS + 50 }, (_, i) => `Step ${i}`);
    for (const span of finishedSpans(names)) exporter.export([span], () => undefined);

    const expected = names.slice(-MAX_QUEUED_DATAGRAMS);
    const deadline = Date.now() + 5000;
    while (received.length < expected.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // Nothing more arrives after the queue was sent.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...received].sort()).toEqual([...expected].sort());

    // Once connected, a datagram goes at once.
    exporter.export(finishedSpans(['After connect']), () => undefined);
    const after = Date.now() + 2000;
    while (!received.includes('After connect') && Date.now() < after) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(received).toContain('After connect');
    await exporter.shutdown();
  });
});
