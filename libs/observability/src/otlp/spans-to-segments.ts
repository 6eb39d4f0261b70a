import type { AnnotationValue, ExceptionInfo, SegmentDocument } from '@traced-social/trace-model';
import {
  SPAN_KIND,
  STATUS_CODE,
  type OtlpAnyValue,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTraceRequest,
} from './otlp-types';
import {
  AWS_API_RPC_SYSTEM,
  AWS_CALL_ATTRIBUTES as A,
  AWS_LOCAL_SERVICE,
  AWS_REMOTE_SERVICE,
  XRAY_ANNOTATIONS_ATTRIBUTE,
  XRAY_METADATA_PREFIX,
} from './xray-attributes';

/**
 * OpenTelemetry spans → X-Ray segment documents, the way the OpenTelemetry Collector's awsxray
 * exporter does it (and X-Ray's OTLP endpoint, which follows it):
 * - a server span, or a span without a parent, is a segment; any other span an (independent)
 *   subsegment with `trace_id` and `parent_id`;
 * - attributes listed in `aws.xray.annotations` are annotations; `aws.xray.metadata.<ns>` (a JSON
 *   object) is the metadata of namespace `<ns>`; other attributes are metadata of `default`;
 * - AWS SDK spans (`rpc.system = aws-api`) are named after the service, namespace `aws`, with an
 *   `aws` block (operation, region, request id, table, stream, bucket);
 * - `exception` events become `cause.exceptions`; an HTTP status 4xx sets `error` (429 also
 *   `throttle`), 5xx or an error status without one sets `fault`.
 */
export interface SpanMappingResult {
  documents: SegmentDocument[];
  /** Spans that could not be mapped (bad ids or times), with the reason. */
  rejected: Array<{ spanId?: string; name?: string; error: string }>;
}

/** Attribute values by key, in the order they were written. */
export type Attributes = Map<string, unknown>;

/**
 * A span as the mapping reads it, whichever form it came in: an OTLP request (the collector, the
 * test capture) or an SDK's finished span (the otel backend's daemon export maps its spans
 * directly, without building an OTLP request first). Ids are lower-case hex.
 */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** OTLP numbering (`SPAN_KIND`). */
  kind: number;
  /** Epoch seconds. */
  startTime: number;
  /** Epoch seconds; absent while the span is in progress. */
  endTime?: number;
  attributes: Attributes;
  events: Array<{ name: string; attributes: Attributes }>;
  status?: { code?: number; message?: string };
}

const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const INVALID_NAME_CHARACTERS = /[^ 0-9\p{L}\p{N}_.:/%&#=+\\\-@]/gu;
/** The common case, checked first: plain ASCII names need no Unicode-aware replace. */
const VALID_ASCII_NAME = /^[ 0-9A-Za-z_.:/%&#=+\\\-@]*$/;
const DEFAULT_METADATA_NAMESPACE = 'default';

export function spansToSegmentDocuments(request: OtlpTraceRequest): SpanMappingResult {
  const result: SpanMappingResult = { documents: [], rejected: [] };
  for (const resourceSpans of request.resourceSpans ?? []) {
    const resource = attributeMap(resourceSpans.resource?.attributes);
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const problem = spanProblem(span);
        if (problem) {
          result.rejected.push({ spanId: span?.spanId, name: span?.name, error: problem });
          continue;
        }
        result.documents.push(spanRecordToSegment(otlpSpanRecord(span), resource));
      }
    }
  }
  return result;
}

/** `1-<8 hex>-<24 hex>` from a 32-hex OpenTelemetry trace id (X-Ray ids keep their time there). */
export function xrayTraceId(otelTraceId: string): string {
  const hex = otelTraceId.toLowerCase();
  return `1-${hex.slice(0, 8)}-${hex.slice(8)}`;
}

function spanProblem(span: OtlpSpan | undefined): string | undefined {
  if (!span || typeof span !== 'object') return 'span is not an object';
  if (typeof span.traceId !== 'string' || !HEX_TRACE_ID.test(span.traceId.toLowerCase()))
    return `traceId must be 32 hex digits, got ${JSON.stringify(span.traceId)}`;
  if (typeof span.spanId !== 'string' || !HEX_SPAN_ID.test(span.spanId.toLowerCase()))
    return `spanId must be 16 hex digits, got ${JSON.stringify(span.spanId)}`;
  if (span.parentSpanId && !HEX_SPAN_ID.test(span.parentSpanId.toLowerCase()))
    return `parentSpanId must be 16 hex digits, got ${JSON.stringify(span.parentSpanId)}`;
  if (!Number.isFinite(Number(span.startTimeUnixNano)) || Number(span.startTimeUnixNano) <= 0)
    return 'startTimeUnixNano is missing';
  return undefined;
}

/** A checked OTLP span as the mapping reads it. */
function otlpSpanRecord(span: OtlpSpan): SpanRecord {
  const end = Number(span.endTimeUnixNano);
  return {
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId.toLowerCase() } : {}),
    name: span.name ?? '',
    kind: span.kind ?? SPAN_KIND.INTERNAL,
    startTime: nanosToSeconds(span.startTimeUnixNano),
    ...(Number.isFinite(end) && end > 0 ? { endTime: nanosToSeconds(span.endTimeUnixNano) } : {}),
    attributes: attributeMap(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name,
      attributes: attributeMap(event.attributes),
    })),
    ...(span.status ? { status: span.status } : {}),
  };
}

/**
 * One span as X-Ray maps it: a segment, or an independent subsegment of its parent; `embedded`,
 * a subsegment to be sent inside its parent's document, without the `trace_id`, `parent_id` and
 * `type` it takes from where it sits (the daemon export, decision 1930).
 */
export function spanRecordToSegment(
  span: SpanRecord,
  resource: Attributes,
  options: { embedded?: boolean } = {},
): SegmentDocument {
  const { attributes, kind } = span;
  const parentId = span.parentSpanId;
  const isSegment = kind === SPAN_KIND.SERVER || !parentId;
  const awsSdk = attributes.get(A.rpcSystem) === AWS_API_RPC_SYSTEM;

  const id = span.spanId;
  const name = segmentName(span.name, kind, attributes, resource, awsSdk);
  const doc: SegmentDocument = options.embedded
    ? { id, name, start_time: span.startTime }
    : { id, name, trace_id: xrayTraceId(span.traceId), start_time: span.startTime };
  if (!options.embedded) {
    if (parentId) doc.parent_id = parentId;
    if (!isSegment) doc.type = 'subsegment';
  }
  if (span.endTime !== undefined) doc.end_time = span.endTime;
  else doc.in_progress = true;

  if (awsSdk || attributes.has(A.service)) doc.namespace = 'aws';
  else if (kind === SPAN_KIND.CLIENT) doc.namespace = 'remote';

  const consumed = new Set<string>([XRAY_ANNOTATIONS_ATTRIBUTE, AWS_LOCAL_SERVICE]);
  const http = httpBlock(attributes, consumed);
  if (http) doc.http = http;
  const aws = awsBlock(attributes, awsSdk, consumed);
  if (aws) doc.aws = aws;
  const user = attributes.get('enduser.id');
  if (typeof user === 'string') {
    doc.user = user;
    consumed.add('enduser.id');
  }
  Object.assign(doc, outcome(span, kind, http?.response?.status));
  const { annotations, metadata } = annotationsAndMetadata(
    attributes,
    consumed,
    isSegment ? resource : undefined,
  );
  if (annotations) doc.annotations = annotations;
  if (metadata) doc.metadata = metadata;
  return doc;
}

/** The name X-Ray gives a span's document: from its attributes (first found), else its own name. */
export function segmentName(
  spanName: string,
  kind: number,
  attributes: Attributes,
  resource: Attributes,
  awsSdk: boolean,
): string {
  const text = (key: string, from: Attributes = attributes): string | undefined => {
    const value = from.get(key);
    return typeof value === 'string' && value ? value : undefined;
  };
  const server = kind === SPAN_KIND.SERVER;
  const remote =
    kind === SPAN_KIND.CLIENT || kind === SPAN_KIND.PRODUCER || kind === SPAN_KIND.CONSUMER;
  // The first of these that is set names the segment.
  const found =
    (server ? text(AWS_LOCAL_SERVICE) : undefined) ??
    (remote ? text(AWS_REMOTE_SERVICE) : undefined) ??
    text('peer.service') ??
    text(A.service) ??
    (server ? text('service.name', resource) : undefined) ??
    text(A.rpcService);
  if (found) return awsSdk ? found.replace(/^AWS\.SDK\.|^AWS::/, '') : found;
  const valid = VALID_ASCII_NAME.test(spanName)
    ? spanName
    : spanName.replace(INVALID_NAME_CHARACTERS, '');
  const cleaned = valid.slice(0, 200);
  return cleaned || 'span';
}

function httpBlock(
  attributes: Attributes,
  consumed: Set<string>,
): SegmentDocument['http'] | undefined {
  // The current semantic-convention key, else the older one.
  const pick = (key: string, older: string): unknown => {
    const found = attributes.has(key) ? key : attributes.has(older) ? older : undefined;
    if (found === undefined) return undefined;
    consumed.add(found);
    return attributes.get(found);
  };
  const method = pick('http.request.method', 'http.method');
  const url = pick('url.full', 'http.url');
  const userAgent = pick('user_agent.original', 'http.user_agent');
  const status = pick(A.httpStatus, 'http.status_code');
  const request: NonNullable<SegmentDocument['http']>['request'] = {};
  let hasRequest = false;
  if (typeof method === 'string') {
    request.method = method;
    hasRequest = true;
  }
  if (typeof url === 'string') {
    request.url = url;
    hasRequest = true;
  }
  if (typeof userAgent === 'string') {
    request.user_agent = userAgent;
    hasRequest = true;
  }
  if (!hasRequest && typeof status !== 'number') return undefined;
  const http: NonNullable<SegmentDocument['http']> = {};
  if (hasRequest) http.request = request;
  if (typeof status === 'number') http.response = { status };
  return http;
}

type AwsFields = ReadonlyArray<readonly [string, readonly string[]]>;

/** The `aws` block's fields and the attributes each is read from, first found wins. */
const AWS_FIELDS: AwsFields = [
  ['operation', [A.operation]],
  ['region', [A.region]],
  ['request_id', [A.requestId, 'aws.requestId', 'aws.request.id']],
  ['table_name', [A.tableName, 'aws.table.name', A.dynamodbTableNames]],
  ['stream_name', [A.streamName]],
  ['bucket_name', [A.bucket]],
  ['queue_url', ['aws.queue_url', 'aws.queue.url']],
];
/** An AWS SDK span's operation may also be its RPC method. */
const AWS_SDK_FIELDS: AwsFields = AWS_FIELDS.map(([field, keys]) =>
  field === 'operation' ? ([field, [...keys, A.rpcMethod]] as const) : ([field, keys] as const),
);

function awsBlock(
  attributes: Attributes,
  awsSdk: boolean,
  consumed: Set<string>,
): Record<string, unknown> | undefined {
  let aws: Record<string, unknown> | undefined;
  for (const [field, keys] of awsSdk ? AWS_SDK_FIELDS : AWS_FIELDS) {
    for (const key of keys) {
      const value = attributes.get(key);
      if (value === undefined) continue;
      consumed.add(key);
      aws ??= {};
      if (aws[field] === undefined) aws[field] = Array.isArray(value) ? value[0] : value;
    }
  }
  if (awsSdk) {
    consumed.add(A.rpcSystem);
    consumed.add(A.rpcService);
    consumed.add(A.service);
  }
  return aws;
}

function outcome(
  span: SpanRecord,
  kind: number,
  httpStatus: number | undefined,
): Pick<SegmentDocument, 'error' | 'fault' | 'throttle' | 'cause'> {
  const failed = span.status?.code === STATUS_CODE.ERROR;
  // Most spans: no events, no error, no HTTP status.
  if (!failed && httpStatus === undefined && !span.events.length) return {};
  const remote = kind === SPAN_KIND.CLIENT || kind === SPAN_KIND.PRODUCER;
  const exceptions: ExceptionInfo[] = span.events
    .filter((event) => event.name === 'exception')
    .map((event) => {
      const text = (key: string): string | undefined => {
        const v = event.attributes.get(key);
        return typeof v === 'string' ? v : undefined;
      };
      return {
        id: span.spanId,
        type: text('exception.type'),
        message: text('exception.message'),
        remote,
        ...stackOf(text('exception.stacktrace')),
      };
    });
  if (!exceptions.length && failed && span.status?.message) {
    exceptions.push({ id: span.spanId, message: span.status.message });
  }
  const result: Pick<SegmentDocument, 'error' | 'fault' | 'throttle' | 'cause'> = {};
  if (httpStatus !== undefined && httpStatus >= 400 && httpStatus <= 499) {
    result.error = true;
    if (httpStatus === 429) result.throttle = true;
  } else if ((httpStatus !== undefined && httpStatus >= 500 && httpStatus <= 599) || failed) {
    result.fault = true;
  }
  if (exceptions.length) result.cause = { exceptions };
  return result;
}

/** V8 stack lines (`    at label (path:line:col)`) → X-Ray stack frames. */
function stackOf(stacktrace: string | undefined): Pick<ExceptionInfo, 'stack'> {
  if (!stacktrace) return {};
  const frames = stacktrace
    .split('\n')
    .slice(1)
    .map((line) => /^\s+at (?:(.*?) \()?(.*?)(?::(\d+))?(?::\d+)?\)?$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ label: m[1] ?? '', path: m[2], line: m[3] ? Number(m[3]) : 0 }));
  return frames.length ? { stack: frames } : {};
}

function annotationsAndMetadata(
  attributes: Attributes,
  consumed: Set<string>,
  resource: Attributes | undefined,
): {
  annotations: Record<string, AnnotationValue> | undefined;
  metadata: Record<string, Record<string, unknown>> | undefined;
} {
  const listed = attributes.get(XRAY_ANNOTATIONS_ATTRIBUTE);
  // A short list is searched as it is; a long one (hostile OTLP input) through a set, so the
  // loop below stays linear.
  const list: readonly unknown[] = Array.isArray(listed) ? listed : [];
  const set = list.length > 16 ? new Set(list) : undefined;
  const isIndexed = (key: string): boolean => (set ? set.has(key) : list.includes(key));
  let annotations: Record<string, AnnotationValue> | undefined;
  let metadata: Record<string, Record<string, unknown>> | undefined;
  let defaults: Record<string, unknown> | undefined;
  if (resource)
    for (const [key, value] of resource) (defaults ??= {})[`otel.resource.${key}`] = value;
  for (const [key, value] of attributes) {
    if (consumed.has(key)) continue;
    if (isAnnotationValue(value) && isIndexed(key)) {
      (annotations ??= {})[annotationKey(key)] = value;
    } else if (key.startsWith(XRAY_METADATA_PREFIX) && typeof value === 'string') {
      const namespace = key.slice(XRAY_METADATA_PREFIX.length);
      const parsed = parseJsonObject(value);
      if (!parsed) (defaults ??= {})[key] = value;
      else if (namespace.toLowerCase() === DEFAULT_METADATA_NAMESPACE) {
        for (const name in parsed) (defaults ??= {})[name] = parsed[name];
      } else (metadata ??= {})[namespace] = parsed;
    } else {
      (defaults ??= {})[key] = value;
    }
  }
  if (defaults) (metadata ??= {})[DEFAULT_METADATA_NAMESPACE] = defaults;
  return { annotations, metadata };
}

/** X-Ray annotation keys hold only letters, digits and `_`; the same keys recur in every span. */
const annotationKeys = new Map<string, string>();
export function annotationKey(key: string): string {
  let cleaned = annotationKeys.get(key);
  if (cleaned === undefined) {
    cleaned = key.replace(/[^A-Za-z0-9]/g, '_');
    if (annotationKeys.size < 1000) annotationKeys.set(key, cleaned);
  }
  return cleaned;
}

export function isAnnotationValue(value: unknown): value is AnnotationValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function attributeMap(attributes: OtlpKeyValue[] | undefined): Attributes {
  const map: Attributes = new Map();
  for (const attribute of attributes ?? []) {
    if (attribute && typeof attribute.key === 'string') {
      map.set(attribute.key, anyValue(attribute.value));
    }
  }
  return map;
}

function anyValue(value: OtlpAnyValue | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(anyValue);
  if (value.kvlistValue) {
    return Object.fromEntries(
      (value.kvlistValue.values ?? []).map((kv) => [kv.key, anyValue(kv.value)]),
    );
  }
  if (value.bytesValue !== undefined) return value.bytesValue;
  return undefined;
}

/** Nanoseconds (a number or a decimal string, possibly beyond 2^53) → epoch seconds. */
function nanosToSeconds(nanos: number | string | undefined): number {
  if (typeof nanos === 'string' && /^\d+$/.test(nanos) && nanos.length > 9) {
    const seconds = Number(nanos.slice(0, -9));
    return seconds + Number(nanos.slice(-9)) / 1e9;
  }
  return Number(nanos) / 1e9;
}
