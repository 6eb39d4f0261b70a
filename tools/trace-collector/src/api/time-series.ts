import type { FilterNode } from '../filter/ast';
import type { ObservedStats, ServiceFacts, TraceFacts } from '../store/trace-facts';
import {
  count,
  newTally,
  toHistogram,
  type Tally,
  type WireHistogramEntry,
  type WireStatistics,
} from './service-graph';

/** X-Ray's `TimeSeriesServiceStatistics`: one period's counts for the selected service or edge. */
export interface WireTimeSeriesPoint {
  Timestamp: number;
  ServiceSummaryStatistics?: WireStatistics;
  EdgeSummaryStatistics?: WireStatistics;
  ResponseTimeHistogram: WireHistogramEntry[];
}

/** What GetTimeSeriesServiceStatistics counts: a `service(...)`/`id(...)` or an `edge(...)`. */
export type EntitySelector =
  Extract<FilterNode, { kind: 'service' }> | Extract<FilterNode, { kind: 'edge' }> | undefined;

/**
 * Per-period counts (ok, errors, throttles, faults), total response time and response-time
 * histogram. With a service selector each trace counts that service's stats; with an edge
 * selector, that edge's; without one, the trace's entry point (what a group's statistics show).
 * Observations fall in the period of their start time; empty periods are omitted, as in X-Ray.
 */
export function timeSeries(
  traces: TraceFacts[],
  selector: EntitySelector,
  startTime: number,
  endTime: number,
  periodSeconds: number,
): WireTimeSeriesPoint[] {
  const periods = new Map<number, Tally>();
  const add = (seen: ObservedStats) => {
    if (seen.startTime < startTime || seen.startTime > endTime) return;
    const bucket =
      startTime + Math.floor((seen.startTime - startTime) / periodSeconds) * periodSeconds;
    const tally = periods.get(bucket) ?? newTally();
    count(tally, seen);
    periods.set(bucket, tally);
  };
  for (const trace of traces) {
    if (!selector) add(trace);
    else if (selector.kind === 'service') {
      trace.services.filter((s) => selects(selector.selector, s)).forEach(add);
    } else {
      trace.edges
        .filter(
          (e) => selects(selector.source, e.source) && selects(selector.destination, e.destination),
        )
        .forEach(add);
    }
  }
  const statisticsKey =
    selector?.kind === 'edge' ? 'EdgeSummaryStatistics' : 'ServiceSummaryStatistics';
  return [...periods.entries()]
    .sort(([a], [b]) => a - b)
    .map(([timestamp, tally]) => ({
      Timestamp: timestamp,
      [statisticsKey]: tally.stats,
      ResponseTimeHistogram: toHistogram(tally.histogram),
    }));
}

function selects(selector: { name?: string; type?: string }, service: ServiceFacts): boolean {
  return (
    (selector.name === undefined || selector.name === service.name) &&
    (selector.type === undefined || selector.type === service.type)
  );
}
