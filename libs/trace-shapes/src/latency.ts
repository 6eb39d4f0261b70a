import { compare } from './observe';

/** One request's latency as X-Ray reports it (the trace's response time), by operation. */
export interface LatencySample {
  operation: string;
  app: string;
  ms: number;
}

/** p50/p99 of one operation over a load run: the figures of `apps/<app>/trace-shapes/latency.json`. */
export interface LatencyFigure {
  operation: string;
  app: string;
  count: number;
  p50Ms: number;
  p99Ms: number;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (ms: number): number => Math.round(ms * 10) / 10;

/** p50/p99 per operation, sorted by app then operation. */
export function operationLatencies(samples: readonly LatencySample[]): LatencyFigure[] {
  const groups = new Map<string, { app: string; operation: string; values: number[] }>();
  for (const s of samples) {
    const key = `${s.app}\u0000${s.operation}`;
    const group = groups.get(key) ?? { app: s.app, operation: s.operation, values: [] };
    group.values.push(s.ms);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ app, operation, values }) => {
      const sorted = [...values].sort((a, b) => a - b);
      return {
        operation,
        app,
        count: sorted.length,
        p50Ms: round(percentile(sorted, 50)),
        p99Ms: round(percentile(sorted, 99)),
      };
    })
    .sort((a, b) => compare(a.app, b.app) || compare(a.operation, b.operation));
}

export interface LatencyComparison {
  operation: string;
  app: string;
  recorded?: LatencyFigure;
  current?: LatencyFigure;
  /** current / recorded: above 1 is slower. Undefined when either side is missing. */
  p50Ratio?: number;
  p99Ratio?: number;
}

/** A branch's figures beside the recorded ones, as ratios (machine speed cancels out). */
export function compareLatencies(
  recorded: readonly LatencyFigure[],
  current: readonly LatencyFigure[],
): LatencyComparison[] {
  const key = (f: LatencyFigure) => `${f.app}\u0000${f.operation}`;
  const before = new Map(recorded.map((f) => [key(f), f]));
  const after = new Map(current.map((f) => [key(f), f]));
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
  return [...new Set([...before.keys(), ...after.keys()])]
    .map((k) => {
      const was = before.get(k);
      const now = after.get(k);
      const { app, operation } = (now ?? was) as LatencyFigure;
      return {
        operation,
        app,
        ...(was ? { recorded: was } : {}),
        ...(now ? { current: now } : {}),
        ...(ratio(now?.p50Ms, was?.p50Ms) !== undefined
          ? { p50Ratio: ratio(now?.p50Ms, was?.p50Ms) }
          : {}),
        ...(ratio(now?.p99Ms, was?.p99Ms) !== undefined
          ? { p99Ratio: ratio(now?.p99Ms, was?.p99Ms) }
          : {}),
      };
    })
    .sort((a, b) => compare(a.app, b.app) || compare(a.operation, b.operation));
}
