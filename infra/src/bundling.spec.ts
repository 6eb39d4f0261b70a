import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '@traced-social/manifest/build';
import { discoverApps, WORKSPACE_ROOT } from './discover';
import { fixtureApp, synthesise, type Synthesised } from './testing/synth';
import { functionLogicalId, resourcesOfType } from './testing/template-helpers';

describe('handler bundling', () => {
  it('bundles a handler with local esbuild (no Docker) into a CommonJS bundle exporting handler', async () => {
    // Prepare: bundle only the fixture stack, as `cdk synth <stack> --exclusively` does.
    const stackName = 'traced-social-dev-fixture';
    const synth = synthesise({ apps: [fixtureApp()], bundlingStacks: [stackName] });

    // Act: find the asset of one function and load it as Lambda would.
    const template = synth.template(stackName);
    const id = functionLogicalId(template, 'traced-social-dev-fixture-get-thing');
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[id];
    const key = String((fn.Properties?.Code as { S3Key: string }).S3Key);
    const assetDir = join(synth.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`);
    const bundle = join(assetDir, 'index.js');

    // Assess: a minified CJS bundle with its source map, whose handler answers.
    expect(existsSync(bundle)).toBe(true);
    expect(existsSync(`${bundle}.map`)).toBe(true);
    expect(readFileSync(bundle, 'utf8')).toMatch(/module\.exports|exports\./);
    const loaded = require(bundle) as { handler: () => Promise<{ statusCode: number }> };
    await expect(loaded.handler()).resolves.toMatchObject({ statusCode: 200 });
  });
});

describe('the lean bundles the bench measures', () => {
  const stackName = 'traced-social-dev-posts';
  const posts = discoverApps().filter((found) => found.manifest.app === 'posts');
  let synth: Synthesised;
  const assetOf = (functionName: string): string => {
    const template = synth.template(stackName);
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[
      functionLogicalId(template, functionName)
    ];
    const key = String((fn.Properties?.Code as { S3Key: string }).S3Key);
    return join(synth.assembly.directory, `asset.${key.replace(/\.zip$/, '')}`, 'index.js');
  };
  /** The bundle as `npm run bench -- handler-bundles` builds it (`handlerEsbuildOptions`). */
  const benchBundle = async (entry: string, backend: 'xray' | 'otel'): Promise<Buffer> => {
    const { outputFiles } = await build({
      ...handlerEsbuildOptions(backend),
      entryPoints: [entry],
      outfile: join(tmpdir(), 'bench-bundle', 'index.js'),
      write: false,
      absWorkingDir: WORKSPACE_ROOT,
      tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
      logLevel: 'silent',
    });
    const code = outputFiles.find((file) => file.path.endsWith('index.js'));
    if (!code) throw new Error(`esbuild wrote no index.js for ${entry}`);
    return Buffer.from(code.contents);
  };

  beforeAll(() => {
    synth = synthesise({ apps: posts, bundlingStacks: [stackName] });
    // One esbuild run per function: minutes on a loaded machine.
  }, 600_000);

  it('deploys each function as the very bundle the handler-bundles bench measures', async () => {
    const [app] = posts;
    for (const spec of app.manifest.functions) {
      const deployed = readFileSync(assetOf(`traced-social-dev-posts-${spec.name}`));
      const measured = await benchBundle(join(app.root, spec.entry), 'xray');
      expect({ fn: spec.name, sha256: sha256(deployed) }).toEqual({
        fn: spec.name,
        sha256: sha256(measured),
      });
    }
  });

  it('leaves OpenTelemetry out of an X-Ray function and keeps the source map off the hot path', () => {
    const code = readFileSync(assetOf('traced-social-dev-posts-get-post'), 'utf8');
    // @opentelemetry/api registers itself under this global symbol; the SDK names its packages.
    expect(code).not.toMatch(/opentelemetry/i);
    expect(code).toMatch(/xray/i);
    expect(code).not.toMatch(/sourceMappingURL/);
    const env = resourcesOfType(synth.template(stackName), 'AWS::Lambda::Function');
    for (const fn of Object.values(env)) {
      const variables = (fn.Properties?.Environment as { Variables?: Record<string, unknown> })
        ?.Variables;
      expect(variables?.NODE_OPTIONS).toBeUndefined();
    }
  });
});

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
