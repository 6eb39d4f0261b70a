import {
  documentTree,
  type AnnotationValue,
  type SegmentDocument,
  type TraceNode,
} from '@traced-social/trace-model';
import { AWS_NODE_TYPES } from './aws-node-types';
import { computeRootCauses, type RootCauses } from './root-causes';

/** Status flags and timings of one trace, service or call: what filter keywords test. */
export interface NodeStats {
  ok: boolean;
  error: boolean;
  fault: boolean;
  throttle: boolean;
  partial: boolean;
  /** Seconds. */
  responseTime?: number;
  /** Seconds. */
  duration?: number;
  httpStatus?: number;
}

/** A node of the service graph: a segment's service (name + origin) or an inferred downstream. */
export interface ServiceRef {
  name: string;
  /** `origin` of a segment (`AWS::Lambda::Function`), `AWS::DynamoDB::Table` for an AWS call. */
  type?: string;
  accountId?: string;
}

/** Stats with the time span observed (epoch seconds): one document, or several folded. */
export interface ObservedStats extends NodeStats {
  startTime: number;
  endTime?: number;
}

export interface ServiceFacts extends ObservedStats, ServiceRef {
  key: string;
  /** Inferred from a subsegment calling it (true), or from received segments (false). */
  inferred: boolean;
}

export interface EdgeFacts extends ObservedStats {
  source: ServiceFacts;
  destination: ServiceFacts;
}

export interface AnnotationFact {
  value: AnnotationValue;
  services: ServiceRef[];
}

/** Everything GetTraceSummaries, filters and the service graph need from one trace. */
export interface TraceFacts extends NodeStats {
  id: string;
  /** Epoch seconds of the earliest start. */
  startTime: number;
  endTime?: number;
  http: { url?: string; method?: string; userAgent?: string; clientIp?: string; status?: number };
  users: Array<{ name: string; services: ServiceRef[] }>;
  annotations: Map<string, AnnotationFact[]>;
  services: ServiceFacts[];
  edges: EdgeFacts[];
  entryPoint?: ServiceFacts;
  resourceArns: string[];
  rootCauses: RootCauses;
}

export function serviceKey(ref: ServiceRef): string {
  return `${ref.type ?? ''}|${ref.name}`;
}

export function observe(doc: SegmentDocument): ObservedStats {
  const status = doc.http?.response?.status;
  const fault = Boolean(doc.fault) || (status !== undefined && status >= 500);
  const throttle = Boolean(doc.throttle) || status === 429;
  const error = Boolean(doc.error) || (status !== undefined && status >= 400 && status < 500);
  const seconds = doc.end_time === undefined ? undefined : doc.end_time - doc.start_time;
  return {
    ok: !fault && !error && !throttle,
    error,
    fault,
    throttle,
    partial: doc.in_progress === true,
    responseTime: seconds,
    duration: seconds,
    httpStatus: status,
    startTime: doc.start_time,
    endTime: doc.end_time,
  };
}

/** Folds one more observation into a service's or edge's stats (a service seen twice). */
function merge(into: ObservedStats, more: ObservedStats): void {
  into.error ||= more.error;
  into.fault ||= more.fault;
  into.throttle ||= more.throttle;
  into.partial ||= more.partial;
  into.ok = !into.error && !into.fault && !into.throttle;
  into.responseTime = Math.max(into.responseTime ?? 0, more.responseTime ?? 0);
  into.duration = into.responseTime;
  into.startTime = Math.min(into.startTime, more.startTime);
  if (more.endTime !== undefined) into.endTime = Math.max(into.endTime ?? 0, more.endTime);
}

/**
 * Reduces a trace's documents (as received) to its facts. The entry point is the earliest root segment; trace
 * status, response time and HTTP fields come from it, as X-Ray's trace-level keywords do;
 * `duration` spans every piece of the trace.
 */
export function computeTraceFacts(traceId: string, documents: SegmentDocument[]): TraceFacts {
  const roots = documentTree(documents);
  const topLevel = new Set(documents.filter((d) => d.type !== 'subsegment'));
  const services = new Map<string, ServiceFacts>();
  const edges = new Map<string, EdgeFacts>();
  const annotations = new Map<string, AnnotationFact[]>();
  const users: TraceFacts['users'] = [];
  const resourceArns = new Set<string>();
  let minStart = Number.POSITIVE_INFINITY;
  let maxEnd: number | undefined;
  let partial = false;

  const noteService = (ref: ServiceRef, doc: SegmentDocument, inferred: boolean) => {
    const key = serviceKey(ref);
    const held = services.get(key);
    if (held) {
      merge(held, observe(doc));
      return held;
    }
    const created: ServiceFacts = Object.assign(observe(doc), { ...ref, key, inferred });
    services.set(key, created);
    return created;
  };
  const noteEdge = (source: ServiceFacts, destination: ServiceFacts, doc: SegmentDocument) => {
    const key = `${source.key}->${destination.key}`;
    const held = edges.get(key);
    if (held) merge(held, observe(doc));
    else edges.set(key, Object.assign(observe(doc), { source, destination }));
  };

  const visit = (node: TraceNode, owner: ServiceFacts | undefined): void => {
    const doc = node.document;
    minStart = Math.min(minStart, doc.start_time);
    if (doc.end_time !== undefined) maxEnd = Math.max(maxEnd ?? 0, doc.end_time);
    partial ||= doc.in_progress === true;
    let here = owner;
    if (topLevel.has(doc)) {
      const account = doc.aws?.account_id;
      const accountId = typeof account === 'string' ? account : undefined;
      here = noteService({ name: doc.name, type: doc.origin, accountId }, doc, false);
      if (owner) noteEdge(owner, here, doc);
      const arn = doc.aws?.function_arn;
      if (typeof arn === 'string') resourceArns.add(arn);
    } else if (
      (doc.namespace === 'aws' || doc.namespace === 'remote') &&
      !node.children.some((c) => topLevel.has(c.document))
    ) {
      const type =
        doc.namespace === 'aws' ? (AWS_NODE_TYPES[doc.name] ?? `AWS::${doc.name}`) : 'remote';
      const inferred = noteService({ name: doc.name, type }, doc, true);
      if (owner) noteEdge(owner, inferred, doc);
    }
    const refs = here ? [toRef(here)] : [];
    for (const [key, value] of Object.entries(doc.annotations ?? {})) {
      const list = annotations.get(key) ?? [];
      const same = list.find((a) => a.value === value);
      if (same) addRefs(same.services, refs);
      else list.push({ value, services: [...refs] });
      annotations.set(key, list);
    }
    if (doc.user) {
      const same = users.find((u) => u.name === doc.user);
      if (same) addRefs(same.services, refs);
      else users.push({ name: doc.user, services: [...refs] });
    }
    node.children.forEach((child) => visit(child, here));
  };
  roots.forEach((root) => visit(root, undefined));

  const rootNode = roots.find((r) => topLevel.has(r.document)) ?? roots[0];
  const root = rootNode?.document;
  const rootStats = root ? observe(root) : undefined;
  const entryPoint =
    root && topLevel.has(root)
      ? services.get(serviceKey({ name: root.name, type: root.origin }))
      : undefined;
  return {
    id: traceId,
    ok: rootStats?.ok ?? true,
    error: rootStats?.error ?? false,
    fault: rootStats?.fault ?? false,
    throttle: rootStats?.throttle ?? false,
    partial,
    responseTime: rootStats?.responseTime,
    duration: maxEnd === undefined ? undefined : maxEnd - minStart,
    httpStatus: rootStats?.httpStatus,
    startTime: minStart,
    endTime: maxEnd,
    http: {
      url: root?.http?.request?.url,
      method: root?.http?.request?.method,
      userAgent: root?.http?.request?.user_agent,
      clientIp: root?.http?.request?.client_ip,
      status: root?.http?.response?.status,
    },
    users,
    annotations,
    services: [...services.values()],
    edges: [...edges.values()],
    entryPoint,
    resourceArns: [...resourceArns],
    rootCauses: computeRootCauses(roots, topLevel),
  };
}

export function toRef(service: ServiceRef): ServiceRef {
  return { name: service.name, type: service.type, accountId: service.accountId };
}

function addRefs(into: ServiceRef[], refs: ServiceRef[]): void {
  for (const ref of refs) {
    if (!into.some((r) => serviceKey(r) === serviceKey(ref))) into.push(ref);
  }
}
