/**
 * @traced-social/observability: the only way the product's code touches tracing, metrics and
 * logs. The tracing backend (X-Ray via Powertools, or OpenTelemetry: `TRACING_BACKEND`, chosen in
 * `backends/select-backend.ts`) stays behind `TracingBackend`.
 */
export { withTracing, InvalidOperationTypeError } from './handler';
export type { LambdaHandler, WithTracingOptions } from './handler';
export {
  tracedOperation,
  annotate,
  addMetadata,
  captureTraceError,
  captureAwsClient,
  InvalidOperationNameError,
} from './tracing';
export type { TracedOperationOptions } from './tracing';
export { traceDynamoDBOperation, traceCacheOperation, traceKinesisPublish } from './domain-helpers';
export { withTraceContext, processInProducerTrace, TRACE_CONTEXT_FIELD } from './kinesis-context';
export type { TraceCarrier } from './kinesis-context';
export { addBusinessMetric, MetricUnit } from './telemetry/metrics';
export { logger } from './telemetry/logger';
export {
  ANNOTATION_KEYS,
  INDEXABLE_ANNOTATION_KEY,
  InvalidAnnotationKeyError,
  annotationKeyProblem,
  isAnnotationKey,
} from './conventions/annotation-keys';
export type { AnnotationKey } from './conventions/annotation-keys';
export { REDACTED, DEFAULT_SENSITIVE_KEYS } from './conventions/redaction';
export { TRUNCATED_MARKER, DEFAULT_METADATA_MAX_BYTES } from './conventions/metadata-cap';
export { SUBSEGMENT_BUDGET, ANNOTATION_BUDGET } from './conventions/budgets';
export { readConfig } from './config';
export type { ObservabilityConfig, TracingBackendName } from './config';
export type { TracingBackend, TraceSpan, RemoteParent } from './backends/tracing-backend';
