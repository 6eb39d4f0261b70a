import type { SamplingRuleStore } from './rule-store';
import { SamplingStatisticsLog } from './statistics';

/** One client's report for one rule (`SamplingStatisticsDocument`). */
export interface SamplingStatistics {
  RuleName: string;
  ClientID: string;
  /** Epoch seconds of the report (the SDKs send it; absent: when it arrived). */
  Timestamp?: number;
  RequestCount: number;
  SampledCount: number;
  BorrowCount?: number;
}

export interface SamplingTarget {
  RuleName: string;
  FixedRate: number;
  ReservoirQuota: number;
  /** Epoch seconds until which the quota holds. */
  ReservoirQuotaTTL: number;
  Interval: number;
}

/** Seconds between the SDKs' target polls, as X-Ray answers. */
export const TARGET_INTERVAL_SECONDS = 10;

/**
 * GetSamplingTargets: each rule's reservoir is shared among the clients that reported on it in
 * the last interval (X-Ray's "reservoir quota"), so that N SDK instances together sample at most
 * ReservoirSize requests per second; the remainder goes to the first clients by id.
 */
export class TargetBroker {
  /** Rule name → client id → epoch ms of its last report. */
  private readonly clients = new Map<string, Map<string, number>>();
  /** The reports on known rules, for GetSamplingStatisticSummaries. */
  readonly statistics: SamplingStatisticsLog;

  constructor(
    private readonly rules: SamplingRuleStore,
    private readonly now: () => number = Date.now,
  ) {
    this.statistics = new SamplingStatisticsLog(now);
  }

  targets(statistics: SamplingStatistics[]): {
    SamplingTargetDocuments: SamplingTarget[];
    LastRuleModification: number;
    UnprocessedStatistics: Array<{ RuleName: string; ErrorCode: string; Message: string }>;
  } {
    const now = this.now();
    const targets: SamplingTarget[] = [];
    const unprocessed = [];
    for (const report of statistics) {
      const record = this.rules.get(report.RuleName);
      if (!record) {
        unprocessed.push({ RuleName: report.RuleName, ErrorCode: '400', Message: 'Unknown rule' });
        continue;
      }
      this.statistics.record(report);
      const clients = this.clients.get(report.RuleName) ?? new Map<string, number>();
      clients.set(report.ClientID, now);
      this.clients.set(report.RuleName, clients);
      const active = [...clients]
        .filter(([, seen]) => now - seen <= TARGET_INTERVAL_SECONDS * 1000)
        .map(([id]) => id)
        .sort();
      const size = record.SamplingRule.ReservoirSize;
      const share = Math.floor(size / active.length);
      const extra = active.indexOf(report.ClientID) < size % active.length ? 1 : 0;
      if (targets.some((t) => t.RuleName === report.RuleName)) continue;
      targets.push({
        RuleName: report.RuleName,
        FixedRate: record.SamplingRule.FixedRate,
        ReservoirQuota: share + extra,
        ReservoirQuotaTTL: Math.floor(now / 1000) + TARGET_INTERVAL_SECONDS,
        Interval: TARGET_INTERVAL_SECONDS,
      });
    }
    return {
      SamplingTargetDocuments: targets,
      LastRuleModification: this.rules.lastModification,
      UnprocessedStatistics: unprocessed,
    };
  }
}
