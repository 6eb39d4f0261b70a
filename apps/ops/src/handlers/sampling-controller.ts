import type { ScheduledEvent } from 'aws-lambda';
import { STAGE_ENV } from '@traced-social/manifest';
import {
  addBusinessMetric,
  annotate,
  logger,
  MetricUnit,
  tracedOperation,
  withTracing,
} from '@traced-social/observability';
import {
  baseFixedRate,
  SAMPLING_PROFILES,
  SAMPLING_RATES,
  type SamplingProfile,
} from '@traced-social/xray-config';
import { planChanges, type ControlledRule, type SamplingChange } from '../domain/boost-plan';
import { readControllerConfig } from '../domain/controller-config';
import { failuresByRule } from '../domain/failure-rates';
import { XRayControlPlane } from '../store/xray-control-plane';

export interface SamplingControllerResult {
  /** When EventBridge fired the run. */
  scheduledAt: string;
  changes: SamplingChange[];
  /** Rules above their base rate after this run. */
  boostedRules: string[];
}

/** Which stage's rates are the rules' base (`SAMPLING_PROFILE`; in AWS, the stage). */
export const SAMPLING_PROFILE_ENV = 'SAMPLING_PROFILE';

const plane = new XRayControlPlane();

/**
 * Every minute: reads this stage's sampling rules and the last window's trace summaries, counts
 * each rule's faults and errors among its sampled traces, and boosts, decays or restores rules'
 * fixed rates (domain/boost-plan.ts). Each change is one "AdjustSamplingRule" subsegment
 * (annotated with the rule and the action), a log line and a metric.
 */
export const handler = withTracing(
  async (event: ScheduledEvent): Promise<SamplingControllerResult> => {
    const config = readControllerConfig(process.env);
    const stage = process.env[STAGE_ENV] ?? 'local';
    const profile = process.env[SAMPLING_PROFILE_ENV] ?? stage;
    if (!(SAMPLING_PROFILES as string[]).includes(profile)) {
      throw new Error(`${SAMPLING_PROFILE_ENV} must be one of ${SAMPLING_PROFILES.join(', ')}`);
    }
    const sampling = SAMPLING_RATES[profile as SamplingProfile];
    const now = Date.now();

    const records = await tracedOperation('ReadSamplingRules', () => plane.rules());
    const controlled: ControlledRule[] = records.flatMap(({ rule, modifiedAt }) => {
      const baseRate = rule.RuleName.startsWith(`${stage}-`)
        ? baseFixedRate(
            { HTTPMethod: rule.HTTPMethod ?? '', URLPath: rule.URLPath ?? '' },
            sampling,
          )
        : undefined;
      return baseRate === undefined
        ? []
        : [{ name: rule.RuleName, fixedRate: rule.FixedRate, baseRate, modifiedAt }];
    });
    const traces = await tracedOperation('ReadTraceSummaries', () =>
      plane.traceOutcomes(now, config.windowSeconds, config.maxTracesPerRun),
    );
    const failures = failuresByRule(
      records.map(({ rule }) => ({
        RuleName: rule.RuleName,
        Priority: rule.Priority,
        ServiceName: rule.ServiceName ?? '*',
        ServiceType: rule.ServiceType ?? '*',
        Host: rule.Host ?? '*',
        HTTPMethod: rule.HTTPMethod ?? '*',
        URLPath: rule.URLPath ?? '*',
        ResourceARN: rule.ResourceARN ?? '*',
        Attributes: rule.Attributes ?? {},
      })),
      traces,
    );
    const changes = planChanges(now / 1000, controlled, failures, config);
    // planChanges returns at most MAX_CHANGES_PER_RUN (10) changes.
    for (const change of changes.slice(0, 10)) {
      await tracedOperation(
        'AdjustSamplingRule',
        () => plane.setFixedRate(change.rule, change.to),
        {
          annotations: { samplingRule: change.rule, samplingAction: change.action },
          metadata: { change },
        },
      );
      logger.info('sampling rule changed', { samplingChange: change });
      addBusinessMetric(`SamplingRule${capitalize(change.action)}`, MetricUnit.Count, 1);
    }
    const rateAfter = new Map(changes.map((c) => [c.rule, c.to]));
    const boostedRules = controlled
      .filter((r) => (rateAfter.get(r.name) ?? r.fixedRate) > r.baseRate)
      .map((r) => r.name);
    annotate('samplingChanges', changes.length);
    annotate('boostedRules', boostedRules.length);
    addBusinessMetric('BoostedSamplingRules', MetricUnit.Count, boostedRules.length);
    return { scheduledAt: event.time, changes, boostedRules };
  },
  { operationType: 'ADJUST_SAMPLING' },
);

const capitalize = (word: string) => `${word[0].toUpperCase()}${word.slice(1)}`;
