import { SpanStatusCode, type Span } from '@opentelemetry/api';
import type { TraceErrorInfo } from '../../conventions/errors';
import type { SpanAttributeValue, TraceSpan } from '../tracing-backend';
import {
  AWS_CALL_ATTRIBUTES,
  XRAY_ANNOTATIONS_ATTRIBUTE,
  XRAY_METADATA_PREFIX,
} from '../../otlp/xray-attributes';

/**
 * A span of the OpenTelemetry backend, written so that an X-Ray mapping of OTLP data yields the
 * same document as the X-Ray backend: annotations are attributes listed in
 * `aws.xray.annotations`; metadata is one JSON object under `aws.xray.metadata.<service>`,
 * written when the span ends (so a key written twice keeps its last value, as in X-Ray).
 */
export class OtelSpan implements TraceSpan {
  private readonly annotationKeys: string[] = [];
  private readonly metadata: Record<string, unknown> = {};
  private hasMetadata = false;
  private httpStatus: number | undefined;
  private closed = false;

  constructor(
    readonly span: Span,
    private readonly metadataNamespace: string,
  ) {}

  get id(): string {
    return this.span.spanContext().spanId;
  }

  annotate(key: string, value: SpanAttributeValue): void {
    this.span.setAttribute(key, value);
    // The list of annotation keys is written once, when the span ends (no copy per annotation).
    if (!this.annotationKeys.includes(key)) this.annotationKeys.push(key);
  }

  addMetadata(key: string, value: unknown): void {
    this.metadata[key] = value;
    this.hasMetadata = true;
  }

  recordError(info: TraceErrorInfo): void {
    this.span.addEvent('exception', {
      'exception.type': info.type,
      'exception.message': info.message,
      ...(info.stack ? { 'exception.stacktrace': info.stack } : {}),
    });
    this.span.setStatus({ code: SpanStatusCode.ERROR, message: info.message });
    // X-Ray's mapping reads "error" (a 4xx-style failure) only from an HTTP status.
    if (info.kind === 'error' && this.httpStatus === undefined) {
      this.setHttpStatus(info.status ?? 400);
    }
  }

  setHttpStatus(status: number): void {
    this.httpStatus = status;
    this.span.setAttribute(AWS_CALL_ATTRIBUTES.httpStatus, status);
    if (status >= 500) this.span.setStatus({ code: SpanStatusCode.ERROR });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.annotationKeys.length) {
      this.span.setAttribute(XRAY_ANNOTATIONS_ATTRIBUTE, this.annotationKeys);
    }
    if (this.hasMetadata) {
      this.span.setAttribute(
        `${XRAY_METADATA_PREFIX}${this.metadataNamespace}`,
        JSON.stringify(this.metadata),
      );
    }
    this.span.end();
  }
}
