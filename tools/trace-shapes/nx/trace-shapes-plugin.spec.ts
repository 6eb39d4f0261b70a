import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { SCENARIOS } from '../src/scenarios';
import { createNodes, SCENARIO_PEERS, traceShapesTarget } from './trace-shapes-plugin';

const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: '/repo' };

describe('trace-shapes plugin', () => {
  it('gives every app with a manifest a trace-shapes target running the recorder for it', async () => {
    const results = (await createNodes[1](
      ['apps/posts/src/manifest.ts', 'apps/auth/src/manifest.ts'],
      undefined,
      context,
    )) as (readonly [string, CreateNodesResult])[];
    const targets = results.map(([, result]) => result.projects ?? {});
    expect(targets.map((projects) => Object.keys(projects))).toEqual([
      ['apps/posts'],
      ['apps/auth'],
    ]);
    expect(targets[0]['apps/posts'].targets!['trace-shapes'].options.command).toBe(
      'node -r ./tools/scripts/register-ts.js tools/trace-shapes/run.ts --app posts',
    );
  });

  it('is cached on what can change a shape: the app, its libs, the apps its scenario runs', () => {
    const target = traceShapesTarget('posts');
    expect(target.cache).toBe(true);
    expect(target.inputs).toEqual(
      expect.arrayContaining([
        'production',
        '^production',
        '{workspaceRoot}/apps/feed/src/**/*',
        '{workspaceRoot}/tools/local-cloud/src/**/*',
        '{workspaceRoot}/infra/src/monitoring/**/*',
        '{workspaceRoot}/libs/xray-config/src/**/*',
        '{workspaceRoot}/apps/*/trace-shapes/*.json',
      ]),
    );
    expect(traceShapesTarget('auth').inputs).not.toContain('{workspaceRoot}/apps/feed/src/**/*');
  });

  it('lists, for each scenario, the other apps it runs (the plugin cannot load scenarios)', () => {
    for (const [app, scenario] of Object.entries(SCENARIOS)) {
      expect([app, [...(SCENARIO_PEERS[app] ?? [])].sort()]).toEqual([
        app,
        scenario.apps.filter((a) => a !== app).sort(),
      ]);
    }
  });
});
