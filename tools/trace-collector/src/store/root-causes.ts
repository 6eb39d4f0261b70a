import type { SegmentDocument, TraceNode } from '@traced-social/trace-model';
import { AWS_NODE_TYPES } from './aws-node-types';

/** An exception recorded on a root-cause entity (`cause.exceptions`). */
export interface RootCauseException {
  name: string;
  message?: string;
  remote: boolean;
}

/** A segment or subsegment on the path to the root cause. */
export interface RootCauseEntity {
  name: string;
  remote: boolean;
  /** Share of the entry point's response time spent in this entity (response-time causes). */
  coverage?: number;
  exceptions: RootCauseException[];
}

/** A service on the path to the root cause, with its own entities down to the next service. */
export interface RootCauseService {
  name: string;
  type?: string;
  accountId?: string;
  inferred: boolean;
  coverage?: number;
  entityPath: RootCauseEntity[];
}

/** One root cause: the services from the entry point down to the one to blame (the last). */
export interface RootCause {
  services: RootCauseService[];
}

export interface RootCauses {
  fault: RootCause[];
  error: RootCause[];
  responsetime: RootCause[];
}

/** At most this many fault (or error) root causes per trace: a fan-out may fail many times alike. */
const MAX_ROOT_CAUSES = 10;

const isFault = (d: SegmentDocument) => Boolean(d.fault) || (d.http?.response?.status ?? 0) >= 500;
const isError = (d: SegmentDocument) => {
  const status = d.http?.response?.status ?? 0;
  return Boolean(d.error) || (status >= 400 && status < 500);
};
const durationOf = (d: SegmentDocument) =>
  d.end_time === undefined ? 0 : d.end_time - d.start_time;

/**
 * X-Ray's root-cause analysis, as far as one trace tells: a fault (or error) root cause is a
 * path from the entry point to a failing piece none of whose children failed in the same way (the
 * failure started there, it was not passed up); the response-time root cause follows the slowest
 * child from the entry point down. Paths are split into services where a segment or an AWS or
 * remote call starts, as the service graph does.
 */
export function computeRootCauses(
  roots: TraceNode[],
  topLevel: ReadonlySet<SegmentDocument>,
): RootCauses {
  const root = roots.find((r) => topLevel.has(r.document)) ?? roots[0];
  if (!root) return { fault: [], error: [], responsetime: [] };
  const total = durationOf(root.document);
  const toCause = (path: TraceNode[]) => splitIntoServices(path, topLevel, total);
  return {
    fault: culpritPaths(root, isFault).map(toCause),
    error: culpritPaths(root, isError).map(toCause),
    responsetime: root.document.end_time === undefined ? [] : [toCause(slowestPath(root))],
  };
}

/** Paths from the root to each failing node with no failing descendant. */
function culpritPaths(root: TraceNode, failed: (d: SegmentDocument) => boolean): TraceNode[][] {
  const paths: TraceNode[][] = [];
  const walk = (node: TraceNode, path: TraceNode[]): boolean => {
    const here = [...path, node];
    let below = false;
    for (const child of node.children) below = walk(child, here) || below;
    if (below) return true;
    if (!failed(node.document)) return false;
    if (paths.length < MAX_ROOT_CAUSES) paths.push(here);
    return true;
  };
  walk(root, []);
  return paths;
}

function slowestPath(root: TraceNode): TraceNode[] {
  const path = [root];
  let node = root;
  while (node.children.length) {
    node = node.children.reduce((a, b) =>
      durationOf(b.document) > durationOf(a.document) ? b : a,
    );
    path.push(node);
  }
  return path;
}

function splitIntoServices(
  path: TraceNode[],
  topLevel: ReadonlySet<SegmentDocument>,
  total: number,
): RootCause {
  const services: RootCauseService[] = [];
  for (const { document: doc } of path) {
    const call = doc.namespace === 'aws' || doc.namespace === 'remote';
    const coverage = total > 0 ? durationOf(doc) / total : undefined;
    if (topLevel.has(doc) || call || services.length === 0) {
      const account = doc.aws?.account_id;
      services.push({
        name: doc.name,
        type: topLevel.has(doc)
          ? doc.origin
          : doc.namespace === 'aws'
            ? (AWS_NODE_TYPES[doc.name] ?? `AWS::${doc.name}`)
            : call
              ? 'remote'
              : undefined,
        accountId: typeof account === 'string' ? account : undefined,
        inferred: !topLevel.has(doc),
        coverage,
        entityPath: [],
      });
    }
    services[services.length - 1].entityPath.push({
      name: doc.name,
      remote: doc.namespace === 'remote' || doc.namespace === 'aws',
      coverage,
      exceptions: exceptionsOf(doc),
    });
  }
  return { services };
}

function exceptionsOf(doc: SegmentDocument): RootCauseException[] {
  if (typeof doc.cause !== 'object') return [];
  return (doc.cause.exceptions ?? []).map((e) => ({
    name: e.type ?? 'Error',
    message: e.message,
    remote: e.remote === true,
  }));
}
