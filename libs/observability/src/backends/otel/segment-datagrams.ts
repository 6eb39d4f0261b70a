import type { HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { encodeDaemonDatagram, type SegmentDocument } from '@traced-social/trace-model';
import {
  spanRecordToSegment,
  type Attributes,
  type SpanRecord,
} from '../../otlp/spans-to-segments';

/** The largest UDP payload over IPv4: a bigger document is sent as its spans, one each. */
export const MAX_DATAGRAM_BYTES = 65_507;

/** OTLP numbers span kinds from 1 (internal); the API from 0. */
const OTLP_KIND_OFFSET = 1;

const seconds = (time: HrTime): number => time[0] + time[1] / 1e9;

/** Resource attributes are the same object for every span of a provider: read them once. */
const resourceAttributes = new WeakMap<object, Attributes>();
function resourceOf(span: ReadableSpan): Attributes {
  let attributes = resourceAttributes.get(span.resource);
  if (!attributes) {
    attributes = new Map(Object.entries(span.resource.attributes));
    resourceAttributes.set(span.resource, attributes);
  }
  return attributes;
}

/**
 * A finished span as the X-Ray mapping reads it, straight from the SDK's object: no OTLP request
 * in between (that request, built only to be read back, was the export's largest cost).
 */
export function readableSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const parentId = span.parentSpanContext?.spanId;
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parentId ? { parentSpanId: parentId } : {}),
    name: span.name,
    kind: span.kind + OTLP_KIND_OFFSET,
    startTime: seconds(span.startTime),
    ...(span.ended ? { endTime: seconds(span.endTime) } : {}),
    attributes: new Map(Object.entries(span.attributes)),
    events: span.events.map((event) => ({
      name: event.name,
      attributes: new Map(Object.entries(event.attributes ?? {})),
    })),
    status: span.status,
  };
}

/**
 * The datagrams that carry a batch of finished spans to the X-Ray daemon, as the X-Ray SDK sends
 * them in Lambda: each span whose parent is not in the batch (the handler span, under Lambda's
 * function segment) is one document, with its descendants nested in `subsegments` (embedded
 * subsegments carry no `trace_id`, `parent_id` or `type`: they take them from where they sit).
 * X-Ray stores the same trace either way; one datagram per invocation instead of one per span.
 * A tree too large for one datagram goes as independent documents, one per span.
 */
export function segmentDatagrams(spans: ReadableSpan[]): Buffer[] {
  const documents = spans.map((span) =>
    spanRecordToSegment(readableSpanRecord(span), resourceOf(span)),
  );
  const byId = new Map(documents.map((document) => [document.id, document]));
  const children = new Map<string, SegmentDocument[]>();
  const roots: SegmentDocument[] = [];
  for (const document of documents) {
    const parent = document.parent_id ? byId.get(document.parent_id) : undefined;
    if (parent && document.type === 'subsegment') {
      const siblings = children.get(parent.id);
      if (siblings) siblings.push(document);
      else children.set(parent.id, [document]);
    } else {
      roots.push(document);
    }
  }
  const datagrams: Buffer[] = [];
  for (const root of roots) {
    const nested = encodeDaemonDatagram(nest(root, children, true));
    if (nested.length <= MAX_DATAGRAM_BYTES) datagrams.push(nested);
    else
      for (const document of tree(root, children)) datagrams.push(encodeDaemonDatagram(document));
  }
  return datagrams;
}

/** `document` with its descendants embedded; an embedded one without its own ids. */
function nest(
  document: SegmentDocument,
  children: Map<string, SegmentDocument[]>,
  top: boolean,
): SegmentDocument {
  const own = children.get(document.id);
  const embedded: SegmentDocument = top ? { ...document } : withoutIds(document);
  if (own) embedded.subsegments = own.map((child) => nest(child, children, false));
  return embedded;
}

function withoutIds(document: SegmentDocument): SegmentDocument {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { trace_id, parent_id, type, ...rest } = document;
  return rest;
}

/** `root` and its descendants, each an independent document. */
function tree(root: SegmentDocument, children: Map<string, SegmentDocument[]>): SegmentDocument[] {
  return [root, ...(children.get(root.id) ?? []).flatMap((child) => tree(child, children))];
}
