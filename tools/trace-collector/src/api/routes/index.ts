import { viewerRoutes } from '../../viewer/viewer-routes';
import type { CollectorRoute } from '../context';
import { batchGetTracesRoute } from './batch-get-traces';
import {
  createGroupRoute,
  deleteGroupRoute,
  getGroupRoute,
  getGroupsRoute,
  updateGroupRoute,
} from './groups';
import { otlpTracesRoute } from './otlp-traces';
import { putTraceSegmentsRoute } from './put-trace-segments';
import {
  createSamplingRuleRoute,
  deleteSamplingRuleRoute,
  samplingRulesRoute,
  samplingStatisticSummariesRoute,
  samplingTargetsRoute,
  updateSamplingRuleRoute,
} from './sampling';
import { serviceGraphRoute } from './service-graph';
import { timeSeriesRoute } from './time-series';
import { traceGraphRoute } from './trace-graph';
import { traceSummariesRoute } from './trace-summaries';

/**
 * Every HTTP endpoint of the collector. The X-Ray API paths are those `@aws-sdk/client-xray`
 * calls (checked in its serializers); the receivers are X-Ray's PutTraceSegments and OTLP/HTTP
 * (`POST /v1/traces`). A new endpoint is added to this list.
 */
export const collectorRoutes: CollectorRoute[] = [
  putTraceSegmentsRoute,
  otlpTracesRoute,
  traceSummariesRoute,
  batchGetTracesRoute,
  serviceGraphRoute,
  samplingRulesRoute,
  samplingTargetsRoute,
  samplingStatisticSummariesRoute,
  createSamplingRuleRoute,
  updateSamplingRuleRoute,
  deleteSamplingRuleRoute,
  createGroupRoute,
  getGroupRoute,
  getGroupsRoute,
  updateGroupRoute,
  deleteGroupRoute,
  traceGraphRoute,
  timeSeriesRoute,
  ...viewerRoutes,
];

/** What the OTLP port (`otlpPort`, OTLP's default 4318) serves: OTLP/HTTP alone. */
export const otlpRoutes: CollectorRoute[] = [otlpTracesRoute];
