import type { SegmentDocument } from './segment-document';
import type { AssembledTrace } from './trace-assembler';

/**
 * A trace as one tree: subsegments under their segment, and a segment under the node its
 * `parent_id` names (the Lambda function segment under API Gateway, a Kinesis consumer's segment
 * under the producer's publish subsegment).
 */
export interface TraceNode {
  document: SegmentDocument;
  children: TraceNode[];
}

/** The tree of an assembled trace (its segments and orphans): see {@link documentTree}. */
export function buildTraceTree(trace: AssembledTrace): TraceNode[] {
  return documentTree([...trace.segments, ...trace.orphans]);
}

/** A trace as the X-Ray API answers BatchGetTraces: each document as a JSON string. */
export interface ApiTrace {
  Segments?: Array<{ Document?: string }>;
}

/** The tree of a trace read back through the X-Ray API (or the local collector's). */
export function apiTraceTree(trace: ApiTrace): TraceNode[] {
  const documents = (trace.Segments ?? []).map(
    (segment) => JSON.parse(segment.Document ?? '{}') as SegmentDocument,
  );
  return documentTree([
    ...documents.filter((d) => d.type !== 'subsegment'),
    ...documents.filter((d) => d.type === 'subsegment'),
  ]);
}

/**
 * The trace tree of documents as received, without copying them (the trace collector builds it
 * for every stored trace): an independent piece goes under the node its `parent_id` names; a
 * completed copy wins over an in-progress one; no cycles; siblings sorted by start time.
 */
export function documentTree(documents: SegmentDocument[]): TraceNode[] {
  const nodes = new Map<string, TraceNode>();
  const parentOf = new Map<TraceNode, TraceNode>();
  const toNode = (document: SegmentDocument): TraceNode => {
    const node: TraceNode = { document, children: [] };
    const held = nodes.get(document.id);
    if (!held || (held.document.in_progress && !document.in_progress)) nodes.set(document.id, node);
    for (const sub of document.subsegments ?? []) {
      const child = toNode(sub);
      parentOf.set(child, node);
      node.children.push(child);
    }
    return node;
  };
  const tops = documents.map(toNode);
  const roots: TraceNode[] = [];
  for (const top of tops) {
    const parent = top.document.parent_id ? nodes.get(top.document.parent_id) : undefined;
    if (parent && !isWithin(parent, top, parentOf)) {
      parent.children.push(top);
      parentOf.set(top, parent);
    } else {
      roots.push(top);
    }
  }
  const byStart = (a: TraceNode, b: TraceNode) => a.document.start_time - b.document.start_time;
  const sort = (list: TraceNode[]): void => {
    list.sort(byStart);
    for (const node of list) if (node.children.length) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Is `node` `ancestor` itself or below it? (Attaching `ancestor` under `node` would loop.) */
function isWithin(node: TraceNode, ancestor: TraceNode, parentOf: Map<TraceNode, TraceNode>) {
  for (let at: TraceNode | undefined = node; at; at = parentOf.get(at)) {
    if (at === ancestor) return true;
  }
  return false;
}

/** Visits every node, depth first, with its chain of ancestors' names. */
export function walkTrace(
  roots: TraceNode[],
  visit: (node: TraceNode, path: string[], depth: number) => void,
): void {
  const go = (node: TraceNode, path: string[]): void => {
    const here = [...path, node.document.name];
    visit(node, here, path.length);
    node.children.forEach((c) => go(c, here));
  };
  roots.forEach((r) => go(r, []));
}

export function findNodes(
  roots: TraceNode[],
  predicate: (node: TraceNode) => boolean,
): TraceNode[] {
  const found: TraceNode[] = [];
  walkTrace(roots, (node) => {
    if (predicate(node)) found.push(node);
  });
  return found;
}

export function findByName(roots: TraceNode[], name: string): TraceNode | undefined {
  return findNodes(roots, (n) => n.document.name === name)[0];
}

/** Every node's path of names joined by ' > ', depth first: handy in assertions. */
export function namePaths(roots: TraceNode[]): string[] {
  const paths: string[] = [];
  walkTrace(roots, (_node, path) => paths.push(path.join(' > ')));
  return paths;
}

export function durationMs(doc: SegmentDocument): number | undefined {
  return doc.end_time === undefined ? undefined : (doc.end_time - doc.start_time) * 1000;
}

/** Indented text rendering of a trace tree, with durations, status flags and annotations. */
export function renderTraceTree(
  roots: TraceNode[],
  options: { annotations?: boolean } = {},
): string {
  const lines: string[] = [];
  walkTrace(roots, (node, _path, depth) => {
    const d = node.document;
    const ms = durationMs(d);
    const flags = [
      d.fault && 'FAULT',
      d.error && 'ERROR',
      d.throttle && 'THROTTLE',
      d.in_progress && 'IN PROGRESS',
    ]
      .filter(Boolean)
      .join(' ');
    const status = d.http?.response?.status !== undefined ? ` [${d.http.response.status}]` : '';
    let line = `${'  '.repeat(depth)}${depth ? '└─ ' : ''}${d.name}  ${ms === undefined ? '…' : `${ms.toFixed(1)} ms`}${status}${flags ? `  ${flags}` : ''}`;
    if (options.annotations !== false && d.annotations && Object.keys(d.annotations).length) {
      line += `  {${Object.entries(d.annotations)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(', ')}}`;
    }
    lines.push(line);
  });
  return lines.join('\n');
}
