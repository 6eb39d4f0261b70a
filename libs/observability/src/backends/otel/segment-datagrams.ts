import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { encodeDaemonDatagram, type SegmentDocument } from '@traced-social/trace-model';
import { SPAN_KIND } from '../../otlp/otlp-types';
import { OtelSpan } from './otel-span';
import { ownSpanDatagrams } from './own-span-json';
import { MAX_DATAGRAM_BYTES, epochSeconds, otlpKind } from './span-conversions';
import {
  spanRecordToSegment,
  type Attributes,
  type SpanRecord,
} from '../../otlp/spans-to-segments';

/** Resource attributes are the same object for every span of a provider: read them once. */
const resourceAttributes = new WeakMap<object, Attributes>();
function resourceOf(span: ReadableSpan): Attributes {
  let attributes = resourceAttributes.get(span.resource);
  if (!attributes) {
    attributes = mapOf(span.resource.attributes);
    resourceAttributes.set(span.resource, attributes);
  }
  return attributes;
}

/** An object's own enumerable properties as a map, in their order (no entries array between). */
function mapOf(values: Record<string, unknown> | undefined): Attributes {
  const map: Attributes = new Map();
  for (const key in values) map.set(key, values[key]);
  return map;
}

/**
 * A finished span as the X-Ray mapping reads it, straight from the SDK's object: no OTLP request
 * in between (that request, built only to be read back, was the export's largest cost).
 */
export function readableSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const parentId = span.parentSpanContext?.spanId;
  const record: SpanRecord = {
    traceId: context.traceId,
    spanId: context.spanId,
    name: span.name,
    kind: otlpKind(span.kind),
    startTime: epochSeconds(span.startTime),
    // The backend's own spans keep their attributes as the mapping reads them.
    attributes: span instanceof OtelSpan ? span.attributeMap : mapOf(span.attributes),
    events: span.events.length
      ? span.events.map((event) => ({ name: event.name, attributes: mapOf(event.attributes) }))
      : [],
    status: span.status,
  };
  if (parentId) record.parentSpanId = parentId;
  if (span.ended) record.endTime = epochSeconds(span.endTime);
  return record;
}

interface MappedSpan {
  record: SpanRecord;
  resource: Attributes;
  /** Sent inside its parent's document (without ids of its own), not as a document of its own. */
  embedded: boolean;
  document: SegmentDocument;
  children: MappedSpan[];
}

/**
 * The datagrams that carry a batch of finished spans to the X-Ray daemon, as the X-Ray SDK sends
 * them in Lambda: each span whose parent is not in the batch (the handler span, under Lambda's
 * function segment) is one document, with its descendants nested in `subsegments` (embedded
 * subsegments carry no `trace_id`, `parent_id` or `type`: they take them from where they sit).
 * X-Ray stores the same trace either way; one datagram per invocation instead of one per span.
 * The backend's own spans are written straight to JSON when they can be (`ownSpanDatagrams`,
 * decision 1952: the same bytes); otherwise the generic mapping writes them.
 */
export function segmentDatagrams(spans: ReadableSpan[]): Buffer[] {
  return ownSpanDatagrams(spans) ?? mappedSegmentDatagrams(spans);
}

/**
 * `segmentDatagrams` through the generic mapping, whatever the spans: each span mapped once,
 * straight into the form it is sent in (decision 1933). A tree too large for one datagram goes as
 * independent documents, one per span (mapped again: a rare case).
 */
export function mappedSegmentDatagrams(spans: readonly ReadableSpan[]): Buffer[] {
  const inBatch = new Set<string>();
  for (const span of spans) inBatch.add(span.spanContext().spanId);
  const mapped = new Map<string, MappedSpan>();
  const roots: MappedSpan[] = [];
  for (const span of spans) {
    const record = readableSpanRecord(span);
    const resource = resourceOf(span);
    const parentId = record.parentSpanId;
    // As the mapping decides: a subsegment is a non-server span with a parent.
    const embedded =
      parentId !== undefined && inBatch.has(parentId) && record.kind !== SPAN_KIND.SERVER;
    const document = spanRecordToSegment(record, resource, { embedded });
    const entry: MappedSpan = { record, resource, embedded, document, children: [] };
    mapped.set(record.spanId, entry);
    if (!embedded) roots.push(entry);
  }
  for (const entry of mapped.values()) {
    if (entry.embedded) mapped.get(entry.record.parentSpanId ?? '')?.children.push(entry);
  }
  const datagrams: Buffer[] = [];
  for (const root of roots) {
    nest(root);
    const datagram = encodeDaemonDatagram(root.document);
    if (datagram.length <= MAX_DATAGRAM_BYTES) datagrams.push(datagram);
    else
      for (const entry of tree(root)) {
        datagrams.push(encodeDaemonDatagram(spanRecordToSegment(entry.record, entry.resource)));
      }
  }
  return datagrams;
}

/** Embeds each span's children's documents in its own, down the tree. */
function nest(entry: MappedSpan): void {
  if (!entry.children.length) return;
  entry.document.subsegments = entry.children.map((child) => {
    nest(child);
    return child.document;
  });
}

/** `root` and its descendants. */
function tree(root: MappedSpan): MappedSpan[] {
  return [root, ...root.children.flatMap(tree)];
}
