import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureApp, synthesise } from './testing/synth';
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
