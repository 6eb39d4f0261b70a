import type { SamplingStatistics } from './targets';

/** X-Ray's `SamplingStatisticSummary`: one rule's counts over one 10-second window. */
export interface SamplingStatisticSummary {
  RuleName: string;
  /** Epoch seconds: the start of the window. */
  Timestamp: number;
  RequestCount: number;
  BorrowCount: number;
  SampledCount: number;
}

/** X-Ray aggregates the SDKs' reports per rule over 10-second windows. */
export const STATISTICS_WINDOW_SECONDS = 10;
/** Windows older than this are forgotten ("recent sampling results"): at most 360 per rule. */
export const STATISTICS_HORIZON_SECONDS = 3600;

/**
 * The statistics the SDKs report with GetSamplingTargets, summed per rule and 10-second window
 * (all clients together) for GetSamplingStatisticSummaries.
 */
export class SamplingStatisticsLog {
  /** `${window}\n${rule}` → that window's sums. */
  private readonly windows = new Map<string, SamplingStatisticSummary>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Adds one client's report; its window is the report's Timestamp (else now). */
  record(report: SamplingStatistics): void {
    const at = typeof report.Timestamp === 'number' ? report.Timestamp : this.now() / 1000;
    const window = Math.floor(at / STATISTICS_WINDOW_SECONDS) * STATISTICS_WINDOW_SECONDS;
    const key = `${window}\n${report.RuleName}`;
    const sums = this.windows.get(key) ?? {
      RuleName: report.RuleName,
      Timestamp: window,
      RequestCount: 0,
      BorrowCount: 0,
      SampledCount: 0,
    };
    sums.RequestCount += report.RequestCount;
    sums.BorrowCount += report.BorrowCount ?? 0;
    sums.SampledCount += report.SampledCount;
    this.windows.set(key, sums);
  }

  /** The windows of the last hour, newest first, rules by name within a window. */
  summaries(): SamplingStatisticSummary[] {
    const oldest = this.now() / 1000 - STATISTICS_HORIZON_SECONDS;
    for (const [key, sums] of this.windows) if (sums.Timestamp < oldest) this.windows.delete(key);
    return [...this.windows.values()].sort(
      (a, b) => b.Timestamp - a.Timestamp || a.RuleName.localeCompare(b.RuleName),
    );
  }
}
