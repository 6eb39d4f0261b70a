import { seconds, toServiceId, type WireServiceId } from './xray-shapes';
import type { NodeStats, ServiceFacts, TraceFacts } from '../store/trace-facts';

/** X-Ray's `ServiceStatistics` / `EdgeStatistics`. */
export interface WireStatistics {
  OkCount: number;
  ErrorStatistics: { ThrottleCount: number; OtherCount: number; TotalCount: number };
  FaultStatistics: { OtherCount: number; TotalCount: number };
  TotalCount: number;
  TotalResponseTime: number;
}

export interface WireHistogramEntry {
  Value: number;
  Count: number;
}

export interface WireEdge {
  ReferenceId: number;
  StartTime: number;
  EndTime: number;
  SummaryStatistics: WireStatistics;
  ResponseTimeHistogram: WireHistogramEntry[];
  Aliases: [];
}

export interface WireService extends WireServiceId {
  ReferenceId: number;
  Root: boolean;
  State: 'active';
  StartTime: number;
  EndTime: number;
  Edges: WireEdge[];
  SummaryStatistics: WireStatistics;
  DurationHistogram: WireHistogramEntry[];
  ResponseTimeHistogram: WireHistogramEntry[];
}

export interface Tally {
  start: number;
  end: number;
  stats: WireStatistics;
  /** Response times in milliseconds → count. */
  histogram: Map<number, number>;
}

/**
 * Builds X-Ray's service graph from the traces in a time range: one node per service (a segment's
 * name + origin, or a downstream inferred from an AWS/remote subsegment), edges from caller to
 * callee, with ok/error/fault/throttle counts and response-time histograms (1 ms buckets).
 */
export function buildServiceGraph(traces: TraceFacts[]): WireService[] {
  const nodes = new Map<string, { ref: ServiceFacts; root: boolean; tally: Tally }>();
  const edges = new Map<string, Map<string, Tally>>();
  for (const trace of traces) {
    for (const service of trace.services) {
      const node = nodes.get(service.key) ?? { ref: service, root: false, tally: newTally() };
      node.root ||= trace.entryPoint?.key === service.key;
      count(node.tally, service);
      nodes.set(service.key, node);
    }
    for (const edge of trace.edges) {
      const out = edges.get(edge.source.key) ?? new Map<string, Tally>();
      const tally = out.get(edge.destination.key) ?? newTally();
      count(tally, edge);
      out.set(edge.destination.key, tally);
      edges.set(edge.source.key, out);
    }
  }
  const referenceIds = new Map([...nodes.keys()].map((key, index) => [key, index]));
  return [...nodes.entries()].map(([key, node]) => {
    const histogram = toHistogram(node.tally.histogram);
    return {
      ReferenceId: referenceIds.get(key) as number,
      ...toServiceId(node.ref),
      Root: node.root,
      State: 'active',
      StartTime: node.tally.start,
      EndTime: node.tally.end,
      Edges: [...(edges.get(key) ?? new Map<string, Tally>()).entries()].map(([to, tally]) => ({
        ReferenceId: referenceIds.get(to) as number,
        StartTime: tally.start,
        EndTime: tally.end,
        SummaryStatistics: tally.stats,
        ResponseTimeHistogram: toHistogram(tally.histogram),
        Aliases: [],
      })),
      SummaryStatistics: node.tally.stats,
      DurationHistogram: histogram,
      ResponseTimeHistogram: histogram,
    };
  });
}

export function newTally(): Tally {
  return {
    start: Number.POSITIVE_INFINITY,
    end: 0,
    stats: {
      OkCount: 0,
      ErrorStatistics: { ThrottleCount: 0, OtherCount: 0, TotalCount: 0 },
      FaultStatistics: { OtherCount: 0, TotalCount: 0 },
      TotalCount: 0,
      TotalResponseTime: 0,
    },
    histogram: new Map(),
  };
}

/** Counts one observation (a service's or an edge's stats in one trace) into a tally. */
export function count(
  tally: Tally,
  seen: NodeStats & { startTime: number; endTime?: number },
): void {
  const stats = tally.stats;
  tally.start = Math.min(tally.start, seen.startTime);
  tally.end = Math.max(tally.end, seen.endTime ?? seen.startTime);
  stats.TotalCount++;
  if (seen.fault) {
    stats.FaultStatistics.TotalCount++;
    stats.FaultStatistics.OtherCount++;
  } else if (seen.error || seen.throttle) {
    stats.ErrorStatistics.TotalCount++;
    if (seen.throttle) stats.ErrorStatistics.ThrottleCount++;
    else stats.ErrorStatistics.OtherCount++;
  } else {
    stats.OkCount++;
  }
  if (seen.responseTime !== undefined) {
    stats.TotalResponseTime = seconds(stats.TotalResponseTime + seen.responseTime) as number;
    const bucket = Math.round(seen.responseTime * 1000);
    tally.histogram.set(bucket, (tally.histogram.get(bucket) ?? 0) + 1);
  }
}

export function toHistogram(histogram: Map<number, number>): WireHistogramEntry[] {
  return [...histogram.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ms, count]) => ({ Value: ms / 1000, Count: count }));
}
