export * from './sampling-rule';
export * from './rule-store';
export * from './sampling-errors';
export { Reservoir } from './reservoir';
export { TargetBroker, TARGET_INTERVAL_SECONDS, type SamplingStatistics } from './targets';
export {
  SamplingStatisticsLog,
  STATISTICS_WINDOW_SECONDS,
  type SamplingStatisticSummary,
} from './statistics';
