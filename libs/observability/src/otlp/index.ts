/**
 * @traced-social/observability/otlp: how OpenTelemetry spans become X-Ray segment documents.
 * Pure data, no OpenTelemetry package: the trace collector's OTLP receiver and the test capture
 * use it to show spans of the OpenTelemetry backend exactly as X-Ray would.
 */
export { spansToSegmentDocuments, xrayTraceId } from './spans-to-segments';
export type { SpanMappingResult } from './spans-to-segments';
export * from './otlp-types';
export * from './xray-attributes';
