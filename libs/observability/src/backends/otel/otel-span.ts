import {
  SpanStatusCode,
  type Attributes,
  type AttributeValue,
  type HrTime,
  type Link,
  type SpanContext,
  type SpanKind,
  type SpanStatus,
} from '@opentelemetry/api';
import { hrTimeDuration, millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';
import type { TraceErrorInfo } from '../../conventions/errors';
import type { SpanAttributeValue, TraceSpan } from '../tracing-backend';
import {
  AWS_CALL_ATTRIBUTES,
  XRAY_ANNOTATIONS_ATTRIBUTE,
  XRAY_METADATA_PREFIX,
} from '../../otlp/xray-attributes';

/** What a recording span shares with the other spans of its backend. */
export interface SpanSink {
  resource: Resource;
  scope: InstrumentationScope;
  /** The namespace of the span's metadata (`aws.xray.metadata.<service>`). */
  metadataNamespace: string;
  /** Takes each span as it ends (the invocation's span processor). */
  onEnd(span: ReadableSpan): void;
}

const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];
/** Shared until a span records an event (most never do): one array less per span. */
const NO_EVENTS: TimedEvent[] = Object.freeze([]) as unknown as TimedEvent[];

/**
 * A span of the OpenTelemetry backend (decision 1951): it records itself as OpenTelemetry's
 * `ReadableSpan`, the form the SDK's exporters, `@opentelemetry/otlp-transformer` and the daemon
 * mapping read, without the SDK's tracer, sampler and span objects in between.
 * It is written so that X-Ray's mapping of OTLP data yields the document the X-Ray backend
 * writes: annotations are attributes listed in `aws.xray.annotations`; metadata is one JSON object
 * under `aws.xray.metadata.<service>`, written when the span ends (so a key written twice keeps its
 * last value, as in X-Ray).
 * A span made by `nonRecording` records nothing: an AWS call outside any traced operation.
 */
export class OtelSpan implements TraceSpan, ReadableSpan {
  /** The attributes in the form the daemon mapping reads (`segment-datagrams.ts`): no copy there. */
  readonly attributeMap = new Map<string, AttributeValue>();
  events: TimedEvent[] = NO_EVENTS;
  readonly links = NO_LINKS;
  readonly droppedAttributesCount = 0;
  readonly droppedEventsCount = 0;
  readonly droppedLinksCount = 0;
  readonly startTime: HrTime;
  endTime: HrTime = [0, 0];
  duration: HrTime = [0, 0];
  status: SpanStatus = { code: SpanStatusCode.UNSET };
  ended = false;
  private readonly startMs: number;
  private readonly startPerf: number;
  /**
   * The attribute holding the span's metadata (JSON text of an object), once `close` wrote it:
   * the daemon writer copies that text as it is (`own-span-json.ts`).
   */
  metadataAttribute: string | undefined;
  private annotationKeys: string[] | undefined;
  private metadata: Record<string, unknown> | undefined;
  private httpStatus: number | undefined;

  constructor(
    readonly name: string,
    readonly kind: SpanKind,
    private readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    private readonly sink: SpanSink | undefined,
  ) {
    // As the SDK times spans: wall-clock start, monotonic duration.
    this.startMs = Date.now();
    this.startPerf = performance.now();
    this.startTime = millisToHrTime(this.startMs);
  }

  /** A span that records nothing (no sink): every write is ignored. */
  static nonRecording(context: SpanContext): OtelSpan {
    const span = new OtelSpan('', 0, context, undefined, undefined);
    span.ended = true;
    return span;
  }

  get resource(): Resource {
    return (this.sink as SpanSink).resource;
  }

  get instrumentationScope(): InstrumentationScope {
    return (this.sink as SpanSink).scope;
  }

  /** As `ReadableSpan` has them, for the OTLP export (built when read). */
  get attributes(): Attributes {
    return Object.fromEntries(this.attributeMap);
  }

  get id(): string {
    return this.context.spanId;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  isRecording(): boolean {
    return !this.ended;
  }

  setAttribute(key: string, value: AttributeValue | undefined): void {
    if (this.ended || value === undefined || value === null) return;
    this.attributeMap.set(key, value);
  }

  setAttributes(attributes: Record<string, AttributeValue>): void {
    for (const key in attributes) this.setAttribute(key, attributes[key]);
  }

  annotate(key: string, value: SpanAttributeValue): void {
    if (this.ended) return;
    this.setAttribute(key, value);
    // The list of annotation keys is written once, when the span ends (no copy per annotation).
    if (!this.annotationKeys) this.annotationKeys = [key];
    else if (!this.annotationKeys.includes(key)) this.annotationKeys.push(key);
  }

  addMetadata(key: string, value: unknown): void {
    if (this.ended) return;
    (this.metadata ??= {})[key] = value;
  }

  recordError(info: TraceErrorInfo): void {
    if (this.ended) return;
    const attributes: Attributes = {
      'exception.type': info.type,
      'exception.message': info.message,
    };
    if (info.stack) attributes['exception.stacktrace'] = info.stack;
    if (this.events === NO_EVENTS) this.events = [];
    this.events.push({
      name: 'exception',
      attributes,
      time: this.now(),
      droppedAttributesCount: 0,
    });
    this.setError(info.message);
    // X-Ray's mapping reads "error" (a 4xx-style failure) only from an HTTP status.
    if (info.kind === 'error' && this.httpStatus === undefined) {
      this.setHttpStatus(info.status ?? 400);
    }
  }

  setHttpStatus(status: number): void {
    if (this.ended) return;
    this.httpStatus = status;
    this.setAttribute(AWS_CALL_ATTRIBUTES.httpStatus, status);
    if (status >= 500) this.setError(undefined);
  }

  close(): void {
    if (this.ended) return;
    if (this.annotationKeys) {
      this.setAttribute(XRAY_ANNOTATIONS_ATTRIBUTE, this.annotationKeys);
    }
    if (this.metadata) {
      const key = `${XRAY_METADATA_PREFIX}${this.sink?.metadataNamespace ?? ''}`;
      this.setAttribute(key, JSON.stringify(this.metadata));
      this.metadataAttribute = key;
    }
    this.endTime = this.now();
    this.duration = hrTimeDuration(this.startTime, this.endTime);
    this.ended = true;
    this.sink?.onEnd(this);
  }

  /** The status as the SDK sets it: an error replaces the status, with its message if it has one. */
  private setError(message: string | undefined): void {
    if (this.ended) return;
    this.status =
      message === undefined
        ? { code: SpanStatusCode.ERROR }
        : { code: SpanStatusCode.ERROR, message };
  }

  private now(): HrTime {
    return millisToHrTime(this.startMs + (performance.now() - this.startPerf));
  }
}
