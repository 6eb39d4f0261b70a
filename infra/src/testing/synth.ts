import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { buildStacks, type BuiltStacks } from '../build-stacks';
import { loadApp, type DiscoveredApp } from '../discover';

/** The fixture app: every trigger type and every kind of `uses`. */
export const fixtureApp = (): DiscoveredApp => loadApp(join(__dirname, 'fixture-app'));

export interface SynthOptions {
  apps: DiscoveredApp[];
  context?: Record<string, unknown>;
  /** Stack names whose handlers esbuild really bundles (default none: fast, see README). */
  bundlingStacks?: string[];
}

export interface Synthesised extends BuiltStacks {
  assembly: CloudAssembly;
  template(stackName: string): Template;
}

/**
 * Builds and synthesises the stacks once (cdk-nag included: synthesis throws on a finding) and
 * gives each stack's template for `aws-cdk-lib/assertions`. Bundling is skipped unless asked:
 * CDK's `aws:cdk:bundling-stacks` context, which the CLI sets to the selected stacks.
 */
export function synthesise(options: SynthOptions): Synthesised {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'infra-synth-')),
    context: { 'aws:cdk:bundling-stacks': options.bundlingStacks ?? [], ...options.context },
  });
  const built = buildStacks(app, options.apps);
  const assembly = app.synth();
  return {
    ...built,
    assembly,
    template: (stackName) => Template.fromJSON(assembly.getStackByName(stackName).template),
  };
}
