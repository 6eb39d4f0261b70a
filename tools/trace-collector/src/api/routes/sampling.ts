import { jsonResponse, readJsonObject } from '../http-api';
import type { CollectorRoute } from '../context';

/**
 * X-Ray's default sampling rule: the first request each second, then 5% of the others. Served so
 * that an X-Ray SDK outside Lambda (which polls the daemon for rules) samples as it would in AWS.
 */
export const DEFAULT_SAMPLING_RULE = {
  RuleName: 'Default',
  RuleARN: 'arn:aws:xray:us-east-1:000000000000:sampling-rule/Default',
  ResourceARN: '*',
  Priority: 10000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  Version: 1,
  Attributes: {},
};

/** Seconds between the SDK's target polls, as X-Ray answers. */
const TARGET_INTERVAL_SECONDS = 10;

export const samplingRulesRoute: CollectorRoute = {
  method: 'POST',
  path: '/GetSamplingRules',
  handle() {
    return jsonResponse({
      SamplingRuleRecords: [{ SamplingRule: DEFAULT_SAMPLING_RULE, CreatedAt: 0, ModifiedAt: 0 }],
    });
  },
};

export const samplingTargetsRoute: CollectorRoute = {
  method: 'POST',
  path: '/SamplingTargets',
  handle(request) {
    const body = readJsonObject(request);
    const statistics = Array.isArray(body.SamplingStatisticsDocuments)
      ? (body.SamplingStatisticsDocuments as Array<{ RuleName?: unknown }>)
      : [];
    const now = Date.now() / 1000;
    const targets = statistics
      .filter((s) => s.RuleName === DEFAULT_SAMPLING_RULE.RuleName)
      .map(() => ({
        RuleName: DEFAULT_SAMPLING_RULE.RuleName,
        FixedRate: DEFAULT_SAMPLING_RULE.FixedRate,
        ReservoirQuota: DEFAULT_SAMPLING_RULE.ReservoirSize,
        ReservoirQuotaTTL: Math.floor(now) + TARGET_INTERVAL_SECONDS,
        Interval: TARGET_INTERVAL_SECONDS,
      }));
    const unknown = statistics
      .filter((s) => s.RuleName !== DEFAULT_SAMPLING_RULE.RuleName)
      .map((s) => ({ RuleName: String(s.RuleName), ErrorCode: '400', Message: 'Unknown rule' }));
    return jsonResponse({
      SamplingTargetDocuments: targets.slice(0, 1),
      LastRuleModification: 0,
      UnprocessedStatistics: unknown,
    });
  },
};
