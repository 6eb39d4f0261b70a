import type { ApiTrigger, AppManifest } from '@traced-social/manifest';
import { appGroups, stageGroups, type GroupDefinition } from './groups';
import type { StageSampling } from './sampling-rates';
import { appSamplingRules, type SamplingRuleDefinition } from './sampling-rules';

/** The API routes of an app, as its sampling rules see them. */
export const apiRoutes = (manifest: AppManifest): ApiTrigger[] =>
  manifest.functions.flatMap((fn) => (fn.trigger.type === 'api' ? [fn.trigger] : []));

/**
 * Every sampling rule and group of one stage of these apps: what the CDK stacks create across
 * the shared and app stacks, and what the local cloud creates in its collector at start.
 */
export function stageXrayPlan(
  stage: string,
  manifests: AppManifest[],
  sampling: StageSampling,
): { samplingRules: SamplingRuleDefinition[]; groups: GroupDefinition[] } {
  return {
    samplingRules: manifests.flatMap((manifest) => {
      const routes = apiRoutes(manifest);
      return routes.length ? appSamplingRules(stage, manifest.app, routes, sampling) : [];
    }),
    groups: [...stageGroups(stage), ...manifests.flatMap((manifest) => appGroups(stage, manifest))],
  };
}
