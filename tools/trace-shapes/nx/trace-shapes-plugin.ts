import { basename, dirname } from 'node:path';
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';

/**
 * Local Nx inference plugin: every app with an `apps/<app>/src/manifest.ts` gets `trace-shapes`,
 * which records the app's operation shapes against the local cloud and compares them with
 * `apps/<app>/trace-shapes/*.json` (`--update` rewrites them). Cached; its inputs are the app's
 * and its libs' production files, the apps its scenario runs (a consumer in the producer's trace
 * is part of a shape), the checked-in shapes, the recorder and its libs, the local cloud and the
 * monitoring definitions whose annotation keys are cross-checked, so `nx affected -t
 * trace-shapes` runs only where a change can alter the result.
 */
export const MANIFEST_GLOB = 'apps/*/src/manifest.ts';

/** Apps a scenario runs besides its own (tools/trace-shapes/src/scenarios). */
export const SCENARIO_PEERS: Readonly<Record<string, string[]>> = {
  profile: ['auth'],
  posts: ['feed'],
  feed: ['posts'],
};

const runner = 'node -r ./tools/scripts/register-ts.js tools/trace-shapes/run.ts';

export function traceShapesTarget(app: string): TargetConfiguration {
  return {
    executor: 'nx:run-commands',
    cache: true,
    inputs: [
      'production',
      '^production',
      // Every app's shapes: the cross-check asks whether any operation still writes a read key.
      '{workspaceRoot}/apps/*/trace-shapes/*.json',
      ...(SCENARIO_PEERS[app] ?? []).map((peer) => `{workspaceRoot}/apps/${peer}/src/**/*`),
      '!{workspaceRoot}/apps/*/src/**/*.spec.ts',
      '{workspaceRoot}/tools/trace-shapes/**/*',
      '{workspaceRoot}/libs/trace-shapes/src/**/*',
      '{workspaceRoot}/libs/trace-model/src/**/*',
      '{workspaceRoot}/libs/xray-config/src/**/*',
      '!{workspaceRoot}/tools/trace-shapes/**/*.spec.ts',
      '{workspaceRoot}/tools/local-cloud/src/**/*',
      '{workspaceRoot}/tools/load/src/cloud-session/**/*',
      '{workspaceRoot}/tools/trace-collector/src/**/*',
      '{workspaceRoot}/infra/src/monitoring/**/*',
      '{workspaceRoot}/infra/src/dashboards/**/*',
      '!{workspaceRoot}/**/*.spec.ts',
    ],
    options: { cwd: '{workspaceRoot}', command: `${runner} --app ${app}` },
    metadata: {
      description: `Record ${app}'s trace shapes and compare them with apps/${app}/trace-shapes (--update accepts)`,
    },
  };
}

export const createNodes: CreateNodes = [
  MANIFEST_GLOB,
  (manifestFiles) =>
    manifestFiles.map((file): readonly [string, CreateNodesResult] => {
      const root = dirname(dirname(file));
      return [
        file,
        {
          projects: { [root]: { targets: { 'trace-shapes': traceShapesTarget(basename(root)) } } },
        },
      ];
    }),
];
