import { basename, dirname } from 'node:path';
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';

/**
 * Local Nx inference plugin: every app with an `apps/<app>/src/manifest.ts` gets
 * - `synth`: cached; synthesises the shared stack and this app's stack (bundling only this app's
 *   handlers) into infra/cdk.out/apps/<app>. Its inputs are the app's and its libs' production
 *   files plus infra's sources, so `nx affected -t synth` synthesises only what a change touches.
 * - `deploy`: `cdk deploy <stage>-<app> --exclusively` after the app's `build` (tests of the
 *   bundle entries); never deploys the shared stack or another app.
 * Both take `--stage=<dev|prod>` and `--dry-run` (prints the cdk command), e.g.
 * `nx run posts:deploy --stage=prod --dry-run`. The app's directory name is its manifest `app`.
 */
export const MANIFEST_GLOB = 'apps/*/src/manifest.ts';

const runner = 'node -r ../tools/scripts/register-ts.js scripts/cdk.ts';

export function appTargets(app: string): Record<string, TargetConfiguration> {
  return {
    synth: {
      executor: 'nx:run-commands',
      cache: true,
      inputs: [
        'production',
        '^production',
        '{workspaceRoot}/infra/src/**/*',
        '!{workspaceRoot}/infra/src/**/*.spec.ts',
        '!{workspaceRoot}/infra/src/testing/**/*',
        '{workspaceRoot}/infra/scripts/**/*',
        '{workspaceRoot}/infra/cdk.json',
        { env: 'CDK_DEFAULT_ACCOUNT' },
        { env: 'CDK_DEFAULT_REGION' },
        { externalDependencies: ['aws-cdk-lib', 'aws-cdk', 'cdk-nag', 'esbuild'] },
      ],
      outputs: [`{workspaceRoot}/infra/cdk.out/apps/${app}`],
      options: { cwd: 'infra', command: `${runner} synth --app ${app}` },
      metadata: {
        description: `Synthesise the ${app} stack (cdk-nag checked) for --stage (default dev)`,
      },
    },
    deploy: {
      executor: 'nx:run-commands',
      dependsOn: ['build'],
      options: { cwd: 'infra', command: `${runner} deploy --app ${app}` },
      metadata: {
        description: `cdk deploy the ${app} stack alone (--stage, --dry-run prints the command)`,
      },
    },
  };
}

export const createNodes: CreateNodes = [
  MANIFEST_GLOB,
  (manifestFiles) =>
    manifestFiles.map((file): readonly [string, CreateNodesResult] => {
      const root = dirname(dirname(file));
      return [file, { projects: { [root]: { targets: appTargets(basename(root)) } } }];
    }),
];
