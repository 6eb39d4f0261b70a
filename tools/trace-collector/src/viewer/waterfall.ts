import {
  buildTraceTree,
  walkTrace,
  type AssembledTrace,
  type SegmentDocument,
} from '@traced-social/trace-model';

/** One bar of the trace viewer's waterfall: a segment or subsegment, depth first. */
export interface WaterfallRow {
  id: string;
  name: string;
  depth: number;
  /** `segment` for top-level segments, `subsegment` otherwise. */
  kind: 'segment' | 'subsegment';
  origin?: string;
  namespace?: string;
  /** Milliseconds from the trace's start. */
  offsetMs: number;
  /** Milliseconds; absent while in progress. */
  durationMs?: number;
  inProgress: boolean;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  httpStatus?: number;
  /** The document without its subsegments: annotations, metadata, http, aws, cause, sql. */
  detail: Omit<SegmentDocument, 'subsegments'>;
}

export interface Waterfall {
  traceId: string;
  /** Epoch seconds. */
  startTime: number;
  /** Milliseconds from the first start to the last end. */
  durationMs: number;
  rows: WaterfallRow[];
}

export function buildWaterfall(trace: AssembledTrace): Waterfall {
  const roots = buildTraceTree(trace);
  const topLevel = new Set(trace.segments);
  const nodes: Array<{ doc: SegmentDocument; depth: number }> = [];
  walkTrace(roots, (node, _path, depth) => nodes.push({ doc: node.document, depth }));
  const start = Math.min(...nodes.map((n) => n.doc.start_time));
  const end = Math.max(...nodes.map((n) => n.doc.end_time ?? n.doc.start_time));
  const ms = (seconds: number) => Math.round(seconds * 1e6) / 1e3;
  return {
    traceId: trace.id,
    startTime: start,
    durationMs: ms(end - start),
    rows: nodes.map(({ doc, depth }) => {
      const { subsegments: _children, ...detail } = doc;
      const status = doc.http?.response?.status;
      return {
        id: doc.id,
        name: doc.name,
        depth,
        kind: topLevel.has(doc) ? 'segment' : 'subsegment',
        ...(doc.origin ? { origin: doc.origin } : {}),
        ...(doc.namespace ? { namespace: doc.namespace } : {}),
        offsetMs: ms(doc.start_time - start),
        ...(doc.end_time !== undefined ? { durationMs: ms(doc.end_time - doc.start_time) } : {}),
        inProgress: doc.in_progress === true,
        error: Boolean(doc.error) || (status !== undefined && status >= 400 && status < 500),
        fault: Boolean(doc.fault) || (status !== undefined && status >= 500),
        throttle: Boolean(doc.throttle) || status === 429,
        ...(status !== undefined ? { httpStatus: status } : {}),
        detail,
      };
    }),
  };
}
