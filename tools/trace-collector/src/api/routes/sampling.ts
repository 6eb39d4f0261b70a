import { controlPlane } from '../control-plane';
import { jsonResponse, invalidRequest } from '../http-api';
import type { CollectorRoute } from '../context';
import { xrayAction } from '../xray-action';
import type { SamplingStatistics } from '../../sampling/targets';

/** X-Ray GetSamplingRules: every rule in evaluation order (one page: at most 25 rules exist). */
export const samplingRulesRoute: CollectorRoute = {
  method: 'POST',
  path: '/GetSamplingRules',
  handle(_request, { samplingRules }) {
    return jsonResponse({ SamplingRuleRecords: samplingRules.list() });
  },
};

export const createSamplingRuleRoute = xrayAction(
  '/CreateSamplingRule',
  (body, { samplingRules }) => {
    const rule = readRule(body, 'SamplingRule');
    return { SamplingRuleRecord: controlPlane(() => samplingRules.create(rule, 'api')) };
  },
);

export const updateSamplingRuleRoute = xrayAction(
  '/UpdateSamplingRule',
  (body, { samplingRules }) => {
    const update = readRule(body, 'SamplingRuleUpdate');
    return { SamplingRuleRecord: controlPlane(() => samplingRules.update(update)) };
  },
);

export const deleteSamplingRuleRoute = xrayAction(
  '/DeleteSamplingRule',
  (body, { samplingRules }) => {
    const name = body.RuleName ?? body.RuleARN;
    return { SamplingRuleRecord: controlPlane(() => samplingRules.delete(name)) };
  },
);

/** X-Ray GetSamplingTargets: each reported rule's fixed rate and this client's reservoir share. */
export const samplingTargetsRoute = xrayAction('/SamplingTargets', (body, { samplingTargets }) => {
  const documents = body.SamplingStatisticsDocuments;
  if (!Array.isArray(documents) || !documents.every(isStatistics)) {
    throw invalidRequest(
      'SamplingStatisticsDocuments must be a list of documents with RuleName, ClientID, RequestCount, SampledCount and BorrowCount',
    );
  }
  return samplingTargets.targets(documents);
});

/**
 * X-Ray GetSamplingStatisticSummaries: what the SDKs reported through GetSamplingTargets, per
 * rule and 10-second window over the last hour (one page).
 */
export const samplingStatisticSummariesRoute = xrayAction(
  '/SamplingStatisticSummaries',
  (_body, { samplingTargets }) => ({
    SamplingStatisticSummaries: samplingTargets.statistics.summaries(),
  }),
);

function readRule(body: Record<string, unknown>, member: string): Record<string, unknown> {
  const rule = body[member];
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
    throw invalidRequest(`${member} is required`);
  }
  return rule as Record<string, unknown>;
}

function isStatistics(value: unknown): value is SamplingStatistics {
  const s = value as Partial<SamplingStatistics> | null;
  return (
    typeof s === 'object' &&
    s !== null &&
    typeof s.RuleName === 'string' &&
    typeof s.ClientID === 'string' &&
    typeof s.RequestCount === 'number' &&
    typeof s.SampledCount === 'number' &&
    (s.Timestamp === undefined || typeof s.Timestamp === 'number') &&
    (s.BorrowCount === undefined || typeof s.BorrowCount === 'number')
  );
}
