import { Aspects, Tags, Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { findRouteClashes } from '@traced-social/manifest';
import { AppStack } from './app-stack/app-stack';
import { alertSubscriptions } from './config/alert-subscriptions';
import { appSettings } from './config/app-settings';
import { appStackName, PRODUCT, sharedStackName } from './config/names';
import { stageConfig, type StageConfig } from './config/stage';
import type { DiscoveredApp } from './discover';
import { checkXrayQuotas } from './monitoring/xray-quotas';
import { AcknowledgeExplainedWildcards } from './nag';
import { SharedStack } from './shared/shared-stack';

/** Used when neither context nor the CDK CLI's credentials give an account: synth works offline. */
export const PLACEHOLDER_ACCOUNT = '000000000000';
export const DEFAULT_REGION = 'eu-west-1';

export interface BuiltStacks {
  config: StageConfig;
  shared: SharedStack;
  apps: AppStack[];
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
  const env = {
    account: String(context('account') ?? process.env.CDK_DEFAULT_ACCOUNT ?? PLACEHOLDER_ACCOUNT),
    region: String(context('region') ?? process.env.CDK_DEFAULT_REGION ?? DEFAULT_REGION),
  };
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

  Tags.of(app).add('project', PRODUCT);
  Tags.of(app).add('stage', config.stage);
  Aspects.of(app).add(new AcknowledgeExplainedWildcards());
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, shared, apps };
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
