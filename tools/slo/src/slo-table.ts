import type { Objectives } from '@traced-social/manifest';
import type { OperationSample } from './operation-samples';

/** One operation's indicators over the window, against its objectives. */
export interface SloRow {
  operationType: string;
  requests: number;
  /** Percentage of samples without a fault. */
  availability: number;
  /** Percentage of samples at or under the latency threshold. */
  fastEnough: number;
  objectives: Objectives;
  /**
   * How fast each error budget burns: the bad share over the budget (1 = the whole budget over
   * the objective's period at this rate; the fast-burn page fires above 14.4).
   */
  availabilityBurn: number;
  latencyBurn: number;
}

const percent = (good: number, total: number): number => (total ? (100 * good) / total : 100);
const burn = (sli: number, objective: number): number => (100 - sli) / (100 - objective);

/**
 * Per operation with samples: availability and latency SLIs and their budget burn rates, sorted
 * by the worst burn first (what to look at first). Operations without objectives (unknown to
 * the manifests) get the defaults the caller passes.
 */
export function computeSloRows(
  samples: OperationSample[],
  objectivesOf: (operationType: string) => Objectives,
): SloRow[] {
  const byOperation = new Map<string, OperationSample[]>();
  for (const sample of samples) {
    const list = byOperation.get(sample.operationType) ?? [];
    list.push(sample);
    byOperation.set(sample.operationType, list);
  }
  return [...byOperation]
    .map(([operationType, list]) => {
      const objectives = objectivesOf(operationType);
      const availability = percent(list.filter((s) => !s.failed).length, list.length);
      const fastEnough = percent(
        list.filter((s) => s.durationMs <= objectives.latency.thresholdMs).length,
        list.length,
      );
      return {
        operationType,
        requests: list.length,
        availability,
        fastEnough,
        objectives,
        availabilityBurn: burn(availability, objectives.availability),
        latencyBurn: burn(fastEnough, objectives.latency.percent),
      };
    })
    .sort(
      (a, b) =>
        Math.max(b.availabilityBurn, b.latencyBurn) - Math.max(a.availabilityBurn, a.latencyBurn) ||
        a.operationType.localeCompare(b.operationType),
    );
}

const fixed = (value: number, digits: number): string => value.toFixed(digits);

/** The rows as an aligned text table, with a verdict per burn rate (≥ 1 eats the budget). */
export function renderSloTable(rows: SloRow[]): string[] {
  const header = [
    'operation',
    'requests',
    'availability',
    'objective',
    'burn',
    'latency ≤ threshold',
    'objective',
    'burn',
  ];
  const body = rows.map((row) => [
    row.operationType,
    String(row.requests),
    `${fixed(row.availability, 2)}%`,
    `${row.objectives.availability}%`,
    `${fixed(row.availabilityBurn, 1)}×`,
    `${fixed(row.fastEnough, 2)}% ≤ ${row.objectives.latency.thresholdMs} ms`,
    `${row.objectives.latency.percent}%`,
    `${fixed(row.latencyBurn, 1)}×`,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...body.map((cells) => cells[column].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...body.map(line)];
}
