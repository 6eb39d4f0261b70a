import type { SegmentDocument, TraceNode } from '@traced-social/trace-model';
import type { Observation, ObservedCall, ShapeNode } from './shape';

export interface ObserveOptions {
  /** The data size the request touched (followers of the author, items in the list). */
  size: number;
  /** Physical resource name → logical name (`local-users` → `users`); unknown names are kept. */
  resourceName?: (physical: string) => string;
}

/** Nodes that say how the function started, not what the operation did. */
const NOT_OPERATIONS = new Set(['Initialization']);

/**
 * What one trace shows of its operation: the outermost handler subsegment carrying an
 * `operationType` annotation, and everything below it (a Kinesis consumer's work included, as it
 * runs in the producer's trace). Returns undefined for a trace without a traced operation.
 */
export function observeTrace(roots: TraceNode[], options: ObserveOptions): Observation | undefined {
  const handler = outermostHandler(roots);
  if (!handler) return undefined;
  const rename = options.resourceName ?? ((name: string) => name);
  const annotations = handler.document.annotations ?? {};
  const calls: ObservedCall[] = [];
  const keys = new Set<string>();
  let subsegments = 0;

  // `directlyInSegment`: the parent is the handler or another invocation's segment, not a
  // traced operation of its own.
  const visit = (
    node: TraceNode,
    within: string[],
    ownInvocation: boolean,
    directlyInSegment: boolean,
  ): ShapeNode[] => {
    const doc = node.document;
    if (NOT_OPERATIONS.has(doc.name)) return [];
    for (const key of Object.keys(doc.annotations ?? {})) keys.add(key);
    if (isAwsCall(doc)) {
      calls.push({
        service: doc.name,
        operation: String(doc.aws?.operation ?? ''),
        resource: resourceOf(doc, rename),
        within,
        untraced: directlyInSegment,
      });
      return [];
    }
    const entersInvocation = isInvocationSegment(doc);
    if (ownInvocation && !entersInvocation) subsegments++;
    const path = [...within, doc.name];
    const children = node.children.flatMap((child) =>
      visit(child, path, ownInvocation && !entersInvocation, entersInvocation),
    );
    return [{ name: doc.name, children }];
  };

  for (const key of Object.keys(annotations)) keys.add(key);
  const children = handler.children.flatMap((child) => visit(child, [], true, true));
  return {
    operation: String(annotations.operationType),
    app: String(annotations.Service ?? ''),
    size: options.size,
    tree: mergeNodes([{ name: handler.document.name, children }])[0],
    calls,
    annotations: [...keys].sort(),
    subsegments,
  };
}

/** The shallowest node annotated with `operationType` (a consumer's handler below it is part of it). */
function outermostHandler(roots: TraceNode[]): TraceNode | undefined {
  let level = roots;
  while (level.length) {
    const found = level.find((n) => n.document.annotations?.operationType !== undefined);
    if (found) return found;
    level = level.flatMap((n) => n.children);
  }
  return undefined;
}

const isAwsCall = (doc: SegmentDocument): boolean => doc.namespace === 'aws';

/**
 * A segment of another invocation inside this trace (a Kinesis consumer under `PublishEvent`):
 * sent on its own with a trace id, not as a subsegment of this one.
 */
function isInvocationSegment(doc: SegmentDocument): boolean {
  return doc.type !== 'subsegment' && (doc.parent_id !== undefined || doc.trace_id !== undefined);
}

function resourceOf(doc: SegmentDocument, rename: (physical: string) => string): string {
  const aws = doc.aws ?? {};
  const pick = (key: string): string | undefined =>
    typeof aws[key] === 'string' ? (aws[key] as string) : undefined;
  const tables = Array.isArray(aws.table_names) ? (aws.table_names as string[]) : [];
  const name =
    pick('table_name') ??
    (tables.length ? [...tables].sort().join(',') : undefined) ??
    pick('stream_name') ??
    pick('bucket_name') ??
    pick('queue_name') ??
    '';
  const logical = name
    .split(',')
    .map((n) => (n ? rename(n) : n))
    .join(',');
  const index = pick('index_name');
  return index ? `${logical}/${index}` : logical;
}

/** Siblings of one name become one node (their children merged), sorted by name. */
export function mergeNodes(nodes: ShapeNode[]): ShapeNode[] {
  const byName = new Map<string, ShapeNode[]>();
  for (const node of nodes) {
    byName.set(node.name, [...(byName.get(node.name) ?? []), ...node.children]);
  }
  return [...byName]
    .sort(([a], [b]) => compare(a, b))
    .map(([name, children]) => ({ name, children: mergeNodes(children) }));
}

export const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
