import type { EdgeFacts, NodeStats, ServiceFacts, TraceFacts } from '../store/trace-facts';
import type { FilterNode, ServiceSelector, StringKeyword } from './ast';
import { compare, matchesLogical, matchesValue } from './compare';
import { matchesRootCause } from './root-cause-evaluate';
import { matchesRootCauseJson } from './root-cause-json';

export { compare };

/** Does the trace match the expression? Trace-level keywords read the entry point's segment. */
export function matchesTrace(filter: FilterNode, trace: TraceFacts): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
    case 'not':
      return matchesLogical(filter, matchesTrace, trace);
    case 'string':
      return stringValues(filter.keyword, trace).some((v) => compare(v, filter.op, filter.value));
    case 'annotation': {
      const values = trace.annotations.get(filter.key) ?? [];
      if (filter.op === undefined || filter.value === undefined) return values.length > 0;
      const { op, value } = filter;
      return values.some((a) => compare(a.value, op, value));
    }
    case 'service':
      // Plain loops: this runs for every stored trace on every query.
      for (const service of trace.services) {
        if (!selects(filter.selector, service)) continue;
        if (!filter.filter || matchesNode(filter.filter, service)) return true;
      }
      return false;
    case 'edge':
      for (const edge of trace.edges) if (selectsEdge(filter, edge)) return true;
      return false;
    case 'rootcause':
      return matchesRootCause(filter, trace.rootCauses);
    case 'rootcause-json':
      return matchesRootCauseJson(filter, trace.rootCauses);
    case 'group':
      // The query replaces group references by the group's expression before evaluating.
      throw new Error(`group.${filter.by} = "${filter.value}" was not resolved to a group`);
    default:
      return matchesNode(filter, trace);
  }
}

/** The part of the language allowed inside `service(...) { }` and `edge(...) { }`. */
export function matchesNode(filter: FilterNode, node: NodeStats): boolean {
  switch (filter.kind) {
    case 'and':
    case 'or':
    case 'not':
      return matchesLogical(filter, matchesNode, node);
    case 'boolean':
      return node[filter.keyword] === filter.expected;
    case 'number': {
      const actual =
        filter.keyword === 'responsetime'
          ? node.responseTime
          : filter.keyword === 'duration'
            ? node.duration
            : node.httpStatus;
      return matchesValue(actual, filter.op, filter.value);
    }
    default:
      // The parser admits only boolean and number keywords inside { }.
      throw new Error(`${filter.kind} cannot be evaluated on a single service or edge`);
  }
}

function stringValues(keyword: StringKeyword, trace: TraceFacts): string[] {
  const one = (v: string | undefined) => (v === undefined ? [] : [v]);
  switch (keyword) {
    case 'http.url':
      return one(trace.http.url);
    case 'http.method':
      return one(trace.http.method);
    case 'http.useragent':
      return one(trace.http.userAgent);
    case 'http.clientip':
      return one(trace.http.clientIp);
    case 'user':
      return trace.users.map((u) => u.name);
  }
}

function selects(selector: ServiceSelector, service: ServiceFacts): boolean {
  return (
    (selector.name === undefined || selector.name === service.name) &&
    (selector.type === undefined || selector.type === service.type)
  );
}

function selectsEdge(filter: Extract<FilterNode, { kind: 'edge' }>, edge: EdgeFacts): boolean {
  return (
    selects(filter.source, edge.source) &&
    selects(filter.destination, edge.destination) &&
    (!filter.filter || matchesNode(filter.filter, edge))
  );
}
