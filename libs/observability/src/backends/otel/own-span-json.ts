import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { DAEMON_HEADER } from '@traced-social/trace-model';
import {
  annotationKey,
  isAnnotationValue,
  segmentName,
  xrayTraceId,
  type Attributes,
} from '../../otlp/spans-to-segments';
import {
  AWS_API_RPC_SYSTEM,
  AWS_CALL_ATTRIBUTES as A,
  XRAY_ANNOTATIONS_ATTRIBUTE,
  XRAY_METADATA_PREFIX,
} from '../../otlp/xray-attributes';
import { OtelSpan } from './otel-span';
import { MAX_DATAGRAM_BYTES, epochSeconds, otlpKind } from './span-conversions';

/** Only server spans read the resource (for their name); this writer leaves them to the mapping. */
const NO_RESOURCE: Attributes = new Map();

/** The `aws` block of an AWS SDK span, in the mapping's order: its fields and where each is read. */
const AWS_SDK_FIELDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['operation', [A.operation, A.rpcMethod]],
  ['region', [A.region]],
  ['request_id', [A.requestId]],
  ['table_name', [A.tableName]],
  ['stream_name', [A.streamName]],
  ['bucket_name', [A.bucket]],
];
/** The attributes an AWS SDK span of this backend carries, besides annotations and metadata. */
const AWS_SDK_KEYS: ReadonlySet<string> = new Set([
  A.rpcSystem,
  A.rpcService,
  A.service,
  ...AWS_SDK_FIELDS.flatMap(([, keys]) => keys),
]);

/**
 * The daemon datagrams of a batch of this backend's own finished spans, written as JSON text
 * straight from the spans (decision 1952): no span record, no segment document objects, no
 * metadata parsed back. It writes exactly the bytes that `spanRecordToSegment` + `JSON.stringify`
 * write for the same spans (the specs compare them), and only for what this backend's spans
 * usually are: subsegments with annotations, metadata, an HTTP status, the AWS call attributes.
 * Anything else (a server span, an error, an event, an attribute it does not know, a tree too
 * large for one datagram) returns `undefined`, and the generic mapping writes the batch.
 */
export function ownSpanDatagrams(spans: readonly ReadableSpan[]): Buffer[] | undefined {
  const children = new Map<string, OtelSpan[]>();
  for (const span of spans) {
    if (!(span instanceof OtelSpan) || span.kind === SpanKind.SERVER) return undefined;
    children.set(span.id, []);
  }
  const roots: OtelSpan[] = [];
  for (const span of spans as readonly OtelSpan[]) {
    const siblings = children.get(span.parentSpanContext?.spanId ?? '');
    if (siblings) siblings.push(span);
    else roots.push(span);
  }
  const datagrams: Buffer[] = [];
  for (const root of roots) {
    const json = spanJson(root, false, children);
    if (json === undefined) return undefined;
    const datagram = Buffer.from(`${DAEMON_HEADER}\n${json}`, 'utf8');
    if (datagram.length > MAX_DATAGRAM_BYTES) return undefined;
    datagrams.push(datagram);
  }
  return datagrams;
}

/**
 * One span's document with its descendants nested, as the mapping writes it (`spanRecordToSegment`,
 * same keys in the same order); `embedded` inside its parent's document, without the ids it takes
 * from there. `undefined` when the span needs the generic mapping.
 */
function spanJson(
  span: OtelSpan,
  embedded: boolean,
  children: ReadonlyMap<string, OtelSpan[]>,
): string | undefined {
  const parentId = span.parentSpanContext?.spanId;
  // A span without a parent is a segment (with the resource as metadata): the mapping's case.
  if (!parentId || !span.ended || span.events.length) return undefined;
  if (span.status.code === SpanStatusCode.ERROR) return undefined;
  const attributes = span.attributeMap;
  const awsSdk = attributes.get(A.rpcSystem) === AWS_API_RPC_SYSTEM;
  const listed = attributes.get(XRAY_ANNOTATIONS_ATTRIBUTE);
  const indexed: readonly unknown[] = Array.isArray(listed) ? listed : [];
  let status: number | undefined;
  let annotations = '';
  let metadata = '';
  for (const [key, value] of attributes) {
    if (key === XRAY_ANNOTATIONS_ATTRIBUTE) continue;
    if (key === A.httpStatus) {
      if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
      status = value;
    } else if (awsSdk && AWS_SDK_KEYS.has(key)) {
      if (typeof value !== 'string') return undefined;
    } else if (isAnnotationValue(value) && indexed.includes(key)) {
      // Keys the mapping would clean (and could merge) are its to write.
      if (annotationKey(key) !== key) return undefined;
      annotations += `${annotations ? ',' : ''}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    } else if (key === span.metadataAttribute && typeof value === 'string') {
      const namespace = key.slice(XRAY_METADATA_PREFIX.length);
      // `default` merges with other attributes in the mapping; the mapping writes it.
      if (namespace.toLowerCase() === 'default') return undefined;
      // The JSON text of an object, written by `OtelSpan.close`: the mapping parses it and
      // writes the same text again.
      metadata = `${JSON.stringify(namespace)}:${value}`;
    } else return undefined;
  }

  let json = `{"id":${JSON.stringify(span.id)},"name":${JSON.stringify(
    segmentName(span.name, otlpKind(span.kind), attributes, NO_RESOURCE, awsSdk),
  )}`;
  if (!embedded) json += `,"trace_id":${JSON.stringify(xrayTraceId(span.spanContext().traceId))}`;
  json += `,"start_time":${epochSeconds(span.startTime)}`;
  if (!embedded) json += `,"parent_id":${JSON.stringify(parentId)},"type":"subsegment"`;
  json += `,"end_time":${epochSeconds(span.endTime)}`;
  if (awsSdk) json += ',"namespace":"aws"';
  else if (span.kind === SpanKind.CLIENT) json += ',"namespace":"remote"';
  if (status !== undefined) json += `,"http":{"response":{"status":${status}}}`;
  if (awsSdk) json += awsBlock(attributes);
  if (status !== undefined && status >= 400 && status <= 499) {
    json += status === 429 ? ',"error":true,"throttle":true' : ',"error":true';
  } else if (status !== undefined && status >= 500 && status <= 599) json += ',"fault":true';
  if (annotations) json += `,"annotations":{${annotations}}`;
  if (metadata) json += `,"metadata":{${metadata}}`;
  const nested = children.get(span.id);
  if (nested?.length) {
    json += ',"subsegments":[';
    for (let i = 0; i < nested.length; i++) {
      const child = spanJson(nested[i], true, children);
      if (child === undefined) return undefined;
      json += i ? `,${child}` : child;
    }
    json += ']';
  }
  return `${json}}`;
}

/** `,"aws":{...}`: each field from the first of its attributes that is set. */
function awsBlock(attributes: Attributes): string {
  let fields = '';
  for (const [field, keys] of AWS_SDK_FIELDS) {
    for (const key of keys) {
      const value = attributes.get(key);
      if (value === undefined) continue;
      fields += `${fields ? ',' : ''}"${field}":${JSON.stringify(value)}`;
      break;
    }
  }
  return fields ? `,"aws":{${fields}}` : '';
}
