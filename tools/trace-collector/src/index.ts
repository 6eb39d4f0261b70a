export {
  startCollector,
  DEFAULT_MAX_TRACES,
  DEFAULT_OTLP_GRPC_PORT,
  DEFAULT_OTLP_PORT,
  DEFAULT_PORT,
  type Collector,
  type CollectorOptions,
} from './collector';
export type { CollectorStats, RejectRecord } from './stats';
export type { IngestResult } from './ingest/ingestor';
export {
  TraceStore,
  type SummaryQuery,
  type TimeRangeType,
  type WaitForTraceOptions,
} from './store/trace-store';
export type {
  TraceFacts,
  ServiceFacts,
  EdgeFacts,
  NodeStats,
  ServiceRef,
} from './store/trace-facts';
export * from './filter';
export {
  SamplingRuleStore,
  DEFAULT_SAMPLING_RULE,
  type SamplingDecision,
  type SamplingRule,
  type SamplingRuleRecord,
} from './sampling';
export { ruleMatches, wildcardMatch, type SamplingRequest } from '@traced-social/xray-config';
export { parseDurationSeconds } from './cli/durations';
export { defineCommand, readCommandLine, type Command, type CommandLine } from './cli/command-line';
export { xrayApiClient, findTraceSummaries, getTraces } from './cli/xray-api';
