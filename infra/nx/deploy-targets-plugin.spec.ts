import type { CreateNodesContext, CreateNodesResult } from '@nx/devkit';
import { appTargets, createNodes, MANIFEST_GLOB } from './deploy-targets-plugin';

const context: CreateNodesContext = { nxJsonConfiguration: {}, workspaceRoot: '/repo' };

describe('deploy targets plugin', () => {
  it('matches app manifests', () => {
    expect(createNodes[0]).toBe(MANIFEST_GLOB);
    expect(MANIFEST_GLOB).toBe('apps/*/src/manifest.ts');
  });

  it('gives each app with a manifest synth and deploy targets', async () => {
    const results = (await createNodes[1](
      ['apps/posts/src/manifest.ts', 'apps/feed/src/manifest.ts'],
      undefined,
      context,
    )) as (readonly [string, CreateNodesResult])[];
    expect(results.map(([file, result]) => [file, Object.keys(result.projects ?? {})])).toEqual([
      ['apps/posts/src/manifest.ts', ['apps/posts']],
      ['apps/feed/src/manifest.ts', ['apps/feed']],
    ]);
    const posts = results[0][1].projects!['apps/posts'].targets!;
    expect(Object.keys(posts)).toEqual(['synth', 'deploy']);
    expect(posts.deploy.options.command).toBe(
      'node -r ../tools/scripts/register-ts.js scripts/cdk.ts deploy --app posts',
    );
  });

  it('caches synth per app on its own and its libs production files and infra sources', () => {
    const { synth, deploy } = appTargets('posts');
    expect(synth.cache).toBe(true);
    expect(synth.inputs).toEqual(
      expect.arrayContaining(['production', '^production', '{workspaceRoot}/infra/src/**/*']),
    );
    expect(synth.outputs).toEqual(['{workspaceRoot}/infra/cdk.out/apps/posts']);
    expect(synth.options.cwd).toBe('infra');
    expect(deploy.cache).toBeUndefined();
    expect(deploy.dependsOn).toEqual(['build']);
  });
});
