import { Aspects, Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { findRouteClashes } from '@traced-social/manifest';
import { AppStack } from './app-stack/app-stack';
import { CanaryStack } from './canary/canary-stack';
import { alertSubscriptions } from './config/alert-subscriptions';
import { appSettings } from './config/app-settings';
import { appStackName, canaryStackName, PRODUCT, sharedStackName } from './config/names';
import { stageConfig, type StageConfig } from './config/stage';
import type { DiscoveredApp } from './discover';
import { checkXrayQuotas } from './monitoring/xray-quotas';
import { AcknowledgeExplainedWildcards } from './nag';
import { SharedStack, type SharedTracingNeeds } from './shared/shared-stack';

export interface BuiltStacks {
  config: StageConfig;
  shared: SharedStack;
  apps: AppStack[];
  /** Built with every app (no `apps` selection, not `sharedOnly`): the stage's canary. */
  canary?: CanaryStack;
}

/**
 * Builds the shared stack and one stack per app on a CDK App, reading the App's context:
 * `stage` (dev|prod, default dev), `account`, `region`, `apps` (comma-separated subset, default
 * all), `sharedOnly` (no app stacks), `alertEmails`, `pagerDuty`, `tracingBackend.<app>`. cdk-nag's AwsSolutions checks run on all of it.
 */
export function buildStacks(app: App, discovered: DiscoveredApp[]): BuiltStacks {
  const context = (key: string): unknown => app.node.tryGetContext(key);
  const config = stageConfig(String(context('stage') ?? 'dev'));
  const alerts = alertSubscriptions(config, context);
  const env = pinnedEnvironment(config, context);
  const clashes = findRouteClashes(discovered.map((found) => found.manifest));
  if (clashes.length) throw new Error(`Routes declared by two apps:\n- ${clashes.join('\n- ')}`);
  checkXrayQuotas(
    discovered.map((found) => found.manifest),
    config,
  );

  const selected =
    String(context('sharedOnly')) === 'true' ? [] : selectApps(discovered, context('apps'));
  const shared = new SharedStack(app, sharedStackName(config.stage), {
    env,
    config,
    alerts,
    tracing: tracingNeeds(discovered, context),
    description: `Traced Social ${config.stage}: shared data, cache, secret and X-Ray groups`,
    terminationProtection: config.retainData,
  });

  const apps = selected.map(({ manifest, root }) => {
    const stack = new AppStack(app, appStackName(config.stage, manifest.app), {
      env,
      manifest,
      appRoot: root,
      config,
      settings: appSettings(manifest.app, context),
      description: `Traced Social ${config.stage}: the ${manifest.app} app`,
    });
    // Orders a first `cdk deploy --all`; `--exclusively` deploys the app stack alone.
    stack.addStackDependency(shared);
    return stack;
  });
  // The canary walks several apps' APIs: it comes with a whole-stage build (`cdk deploy --all`,
  // `infra:synth-all`), after the apps; a per-app synth or deploy never includes it.
  const wholeStage = String(context('sharedOnly')) !== 'true' && !context('apps');
  const canary = wholeStage
    ? new CanaryStack(app, canaryStackName(config.stage), {
        env,
        config,
        description: `Traced Social ${config.stage}: the synthetic canary of the seed's flow`,
      })
    : undefined;
  for (const stack of [shared, ...apps]) canary?.addStackDependency(stack);

  Tags.of(app).add('project', PRODUCT);
  Tags.of(app).add('stage', config.stage);
  Aspects.of(app).add(new AcknowledgeExplainedWildcards());
  Validations.of(app).addPlugins(
    new AwsSolutionsChecks(app, { verbose: true, writeSuppressionsToCloudFormation: true }),
  );
  return { config, shared, apps, canary };
}

/**
 * The stage's pinned account and region (see StageConfig.env); context may repeat them, never
 * change them: a stack for another account would be a stage nobody configured.
 */
function pinnedEnvironment(
  config: StageConfig,
  context: (key: string) => unknown,
): StageConfig['env'] {
  for (const key of ['account', 'region'] as const) {
    const given = context(key);
    if (given !== undefined && String(given) !== config.env[key]) {
      throw new Error(
        `Stage ${config.stage} is pinned to ${key} ${config.env[key]} (infra/src/config/stage.ts), not ${String(given)}`,
      );
    }
  }
  return config.env;
}

/**
 * What the shared stack must provide for the apps' tracing backends: Transaction Search when any
 * app runs on otel, and a private route to X-Ray when such an app has functions in the VPC.
 * Computed over every discovered app, so a shared-only deploy keeps it.
 */
function tracingNeeds(
  discovered: DiscoveredApp[],
  context: (key: string) => unknown,
): SharedTracingNeeds {
  const otel = discovered.filter(
    (found) => appSettings(found.manifest.app, context).tracingBackend === 'otel',
  );
  return {
    transactionSearch: otel.length > 0,
    otelInVpc: otel.some((found) => found.manifest.functions.some((fn) => fn.uses?.redis)),
  };
}

/** The apps named by the `apps` context (comma-separated), or all; unknown names fail. */
function selectApps(discovered: DiscoveredApp[], names: unknown): DiscoveredApp[] {
  if (names === undefined || names === '') return discovered;
  const wanted = String(names)
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const known = new Set(discovered.map((found) => found.manifest.app));
  const unknown = wanted.filter((name) => !known.has(name));
  if (unknown.length) {
    throw new Error(
      `Unknown app(s) ${unknown.join(', ')}: found ${[...known].join(', ') || 'no apps'}`,
    );
  }
  return discovered.filter((found) => wanted.includes(found.manifest.app));
}
