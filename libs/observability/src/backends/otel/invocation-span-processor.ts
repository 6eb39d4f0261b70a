import { TraceFlags } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Finished spans kept at most between two flushes (the oldest are dropped past it). */
export const MAX_QUEUED_SPANS = 4096;

/**
 * Keeps an invocation's finished (sampled) spans and exports them together at the flush that
 * ends the invocation: no timer and no batch bookkeeping per span, as `BatchSpanProcessor` does
 * for long-running processes (a frozen Lambda instance runs no timers anyway).
 */
export class InvocationSpanProcessor implements SpanProcessor {
  private finished: ReadableSpan[] = [];

  constructor(private readonly exporter: SpanExporter) {}

  onStart(): void {
    // Nothing to do until a span ends.
  }

  onEnd(span: ReadableSpan): void {
    if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) === 0) return;
    if (this.finished.length >= MAX_QUEUED_SPANS) this.finished.shift();
    this.finished.push(span);
  }

  forceFlush(): Promise<void> {
    if (!this.finished.length) return Promise.resolve();
    const spans = this.finished;
    this.finished = [];
    return new Promise((resolve) => this.exporter.export(spans, () => resolve()));
  }

  async shutdown(): Promise<void> {
    await this.forceFlush();
    await this.exporter.shutdown();
  }
}
