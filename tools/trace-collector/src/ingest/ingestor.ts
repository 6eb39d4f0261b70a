import {
  parseDaemonDatagram,
  validateSegmentDocument,
  type SegmentDocument,
} from '@traced-social/trace-model';
import type { StatsCounter } from '../stats';
import type { TraceStore } from '../store/trace-store';

export type IngestResult =
  { ok: true; traceId: string; document: SegmentDocument } | { ok: false; errors: string[] };

/**
 * Pieces accepted per trace (copies included): `maxTraces` bounds the number of traces, this
 * bounds each one, so a runaway loop inside one trace cannot exhaust memory.
 */
export const MAX_DOCUMENTS_PER_TRACE = 10_000;

/** Called for each accepted document (persistence listens here). */
export type AcceptedListener = (document: SegmentDocument, receivedAt: number) => void;

/**
 * The one door every ingestion path goes through (UDP, PutTraceSegments, in-process, and any
 * future receiver such as OTLP): validate, count, store. A bad document is counted and reported,
 * and never stops the others.
 */
export class Ingestor {
  private readonly listeners: AcceptedListener[] = [];

  constructor(
    private readonly store: TraceStore,
    private readonly stats: StatsCounter,
  ) {}

  onAccepted(listener: AcceptedListener): void {
    this.listeners.push(listener);
  }

  /** One X-Ray daemon datagram: header line, newline, segment document. */
  ingestDatagram(datagram: Buffer, source = 'udp'): IngestResult {
    this.stats.countReceived();
    const parsed = parseDaemonDatagram(datagram);
    if (!parsed.ok) return this.reject(source, [parsed.error], datagram.toString('utf8'));
    return this.accept(parsed.document, parsed.bytes, source, () => datagram.toString('utf8'));
  }

  /** One segment document as JSON text (a PutTraceSegments entry). */
  ingestJson(text: string, source = 'http'): IngestResult {
    this.stats.countReceived();
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return this.reject(source, ['segment document is not JSON'], text);
    }
    return this.accept(document, Buffer.byteLength(text, 'utf8'), source, () => text);
  }

  /** One segment document already parsed (embedding code and converters). */
  ingestDocument(document: unknown, source = 'in-process'): IngestResult {
    this.stats.countReceived();
    const text = safeStringify(document);
    return this.accept(document, Buffer.byteLength(text, 'utf8'), source, () => text);
  }

  private accept(
    document: unknown,
    bytes: number,
    source: string,
    input: () => string,
  ): IngestResult {
    const errors = validateSegmentDocument(document, bytes);
    if (errors.length) return this.reject(source, errors, input());
    const valid = document as SegmentDocument;
    const held = this.store.info(valid.trace_id as string)?.revision ?? 0;
    if (held >= MAX_DOCUMENTS_PER_TRACE) {
      return this.reject(
        source,
        [`the trace already holds the maximum of ${MAX_DOCUMENTS_PER_TRACE} documents`],
        input(),
      );
    }
    const receivedAt = Date.now();
    const { traceId, evicted } = this.store.add(valid, receivedAt);
    this.stats.countAccepted();
    if (evicted.length) this.stats.countEvicted(evicted.length);
    for (const listener of this.listeners) listener(valid, receivedAt);
    return { ok: true, traceId, document: valid };
  }

  private reject(source: string, errors: string[], input: string): IngestResult {
    this.stats.countRejected(source, errors, input);
    return { ok: false, errors };
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
