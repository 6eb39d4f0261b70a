import type { AppManifest } from '@traced-social/manifest';
import type { StageConfig } from '../config/stage';
import { samplingRuleSpecs } from './sampling';
import { KEY_OPERATION_TYPES, monitoringQueries } from './xray-groups';

/** X-Ray's per-account, per-region quotas (the default sampling rule counts as one rule). */
export const XRAY_QUOTAS = { groups: 25, samplingRules: 25 } as const;

/** How many groups and sampling rules one stage of these apps creates. */
export function xrayUsage(
  manifests: AppManifest[],
  config: StageConfig,
): { groups: number; samplingRules: number } {
  let groups = Object.keys(monitoringQueries).length;
  let samplingRules = 1; // the account's default rule
  for (const manifest of manifests) {
    const operations = new Set(manifest.functions.map((fn) => fn.operationType));
    groups += 1 + [...operations].filter((op) => KEY_OPERATION_TYPES.includes(op)).length;
    const routes = manifest.functions.flatMap((fn) =>
      fn.trigger.type === 'api' ? [fn.trigger] : [],
    );
    if (routes.length) {
      samplingRules += samplingRuleSpecs(
        config.stage,
        manifest.app,
        routes,
        config.sampling,
      ).length;
    }
  }
  return { groups, samplingRules };
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
