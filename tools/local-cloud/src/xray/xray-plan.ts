import type { AppManifest } from '@traced-social/manifest';
import type { Collector } from '@traced-social/trace-collector';
import { SAMPLING_RATES, stageXrayPlan, type SamplingProfile } from '@traced-social/xray-config';

/**
 * Creates in the collector the sampling rules and groups the CDK stacks create in AWS, from the
 * same definition (`@traced-social/xray-config`), named for the local stage. With the `local`
 * profile every request is sampled, the Default rule included (requests that match no route).
 */
export function applyXrayPlan(
  collector: Collector,
  manifests: AppManifest[],
  stage: string,
  profile: SamplingProfile,
): { samplingRules: number; groups: number } {
  const plan = stageXrayPlan(stage, manifests, SAMPLING_RATES[profile]);
  for (const rule of plan.samplingRules) collector.samplingRules.create({ ...rule });
  if (profile === 'local') {
    collector.samplingRules.update({ RuleName: 'Default', FixedRate: 1 });
  }
  for (const group of plan.groups) {
    collector.groups.create({
      GroupName: group.GroupName,
      FilterExpression: group.FilterExpression,
      InsightsConfiguration: { InsightsEnabled: true, NotificationsEnabled: true },
    });
  }
  return { samplingRules: plan.samplingRules.length, groups: plan.groups.length };
}
