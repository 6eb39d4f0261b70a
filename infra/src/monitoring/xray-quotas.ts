import type { AppManifest } from '@traced-social/manifest';
import type { StageConfig } from '../config/stage';
import { stageXrayPlan } from '@traced-social/xray-config';

/** X-Ray's per-account, per-region quotas (the default sampling rule counts as one rule). */
export const XRAY_QUOTAS = { groups: 25, samplingRules: 25 } as const;

/** How many groups and sampling rules one stage of these apps creates. */
export function xrayUsage(
  manifests: AppManifest[],
  config: StageConfig,
): { groups: number; samplingRules: number } {
  const plan = stageXrayPlan(config.stage, manifests, config.sampling);
  // The account's Default rule counts too.
  return { groups: plan.groups.length, samplingRules: plan.samplingRules.length + 1 };
}

/**
 * Fails synthesis when a stage would create more groups or sampling rules than an account holds,
 * rather than failing a deploy halfway through the app stacks.
 */
export function checkXrayQuotas(manifests: AppManifest[], config: StageConfig): void {
  const usage = xrayUsage(manifests, config);
  const over = (['groups', 'samplingRules'] as const).filter(
    (kind) => usage[kind] > XRAY_QUOTAS[kind],
  );
  if (over.length) {
    throw new Error(
      `Stage ${config.stage} needs ${over
        .map((kind) => `${usage[kind]} X-Ray ${kind} (quota ${XRAY_QUOTAS[kind]})`)
        .join(' and ')}: trim KEY_OPERATION_TYPES or sampling route overrides, or raise the quota`,
    );
  }
}
