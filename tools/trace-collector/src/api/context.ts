import type { GroupStore } from '../groups/group-store';
import type { Ingestor } from '../ingest/ingestor';
import type { LogStore } from '../logs/log-store';
import type { SamplingRuleStore } from '../sampling/rule-store';
import type { TargetBroker } from '../sampling/targets';
import type { CollectorStats } from '../stats';
import type { TraceStore } from '../store/trace-store';
import type { Route } from './http-api';

/** What every route of the collector can use. */
export interface CollectorContext {
  store: TraceStore;
  ingestor: Ingestor;
  stats(): CollectorStats;
  samplingRules: SamplingRuleStore;
  samplingTargets: TargetBroker;
  groups: GroupStore;
  /** The functions' log lines by trace id (the local cloud hands them over). */
  logs: LogStore;
}

export type CollectorRoute = Route<CollectorContext>;
