import { compare, mergeNodes } from './observe';
import {
  callKey,
  type CallShape,
  type Growth,
  type Observation,
  type OperationShape,
} from './shape';

export interface DeriveOptions {
  /** What a unit of data size is (`follower`), for all or per operation: "per follower". */
  sizeUnit: string | ((operation: string) => string);
}

/**
 * One shape per operation from the observations of its requests at two or more data sizes. At
 * each size a count is the most any one request made, so a cache hit and a miss of the same size
 * do not average out; growth compares the counts across sizes.
 */
export function deriveShapes(
  observations: Observation[],
  options: DeriveOptions,
): Map<string, OperationShape> {
  const byOperation = new Map<string, Observation[]>();
  for (const o of observations) {
    byOperation.set(o.operation, [...(byOperation.get(o.operation) ?? []), o]);
  }
  const shapes = new Map<string, OperationShape>();
  for (const [operation, list] of [...byOperation].sort(([a], [b]) => compare(a, b))) {
    shapes.set(operation, deriveShape(operation, list, options));
  }
  return shapes;
}

function deriveShape(
  operation: string,
  observations: Observation[],
  options: DeriveOptions,
): OperationShape {
  const sizes = [...new Set(observations.map((o) => o.size))].sort((a, b) => a - b);
  const atSize = (size: number) => observations.filter((o) => o.size === size);
  const most = (values: number[]) => values.reduce((m, v) => Math.max(m, v), 0);

  const kinds = new Map<string, Omit<CallShape, 'growth' | 'counts'>>();
  for (const o of observations) {
    for (const call of o.calls) {
      const key = callKey(call);
      const held = kinds.get(key) ?? { ...call, within: [], untraced: false };
      const within = call.within.join(' > ');
      held.within = [...new Set([...held.within, ...(within ? [within] : [])])].sort(compare);
      held.untraced ||= call.untraced;
      kinds.set(key, held);
    }
  }
  const calls = [...kinds]
    .sort(([a], [b]) => compare(a, b))
    .map(([key, kind]): CallShape => {
      const counts = sizes.map((size) =>
        most(atSize(size).map((o) => o.calls.filter((c) => callKey(c) === key).length)),
      );
      return { ...kind, growth: growthOf(sizes, counts), counts };
    });
  const subsegmentCounts = sizes.map((size) => most(atSize(size).map((o) => o.subsegments)));

  return {
    operation,
    app: observations[0].app,
    sizeUnit: typeof options.sizeUnit === 'string' ? options.sizeUnit : options.sizeUnit(operation),
    sizes,
    tree: mergeNodes(observations.map((o) => o.tree))[0],
    calls,
    annotations: [...new Set(observations.flatMap((o) => o.annotations))].sort(compare),
    subsegments: { growth: growthOf(sizes, subsegmentCounts), counts: subsegmentCounts },
  };
}

/**
 * Constant when every size gave the same count; per item when the count rises at least one for
 * each unit of size (one `GetItem` per follower); sublinear when it rises slower (one batch per
 * 25 followers); irregular when it falls or a single size was recorded with varying counts.
 */
export function growthOf(sizes: number[], counts: number[]): Growth {
  if (counts.every((c) => c === counts[0])) return 'constant';
  let perItem = true;
  for (let i = 1; i < sizes.length; i++) {
    const rise = counts[i] - counts[i - 1];
    if (rise < 0) return 'irregular';
    if (rise < sizes[i] - sizes[i - 1]) perItem = false;
  }
  return perItem ? 'per-item' : 'sublinear';
}
