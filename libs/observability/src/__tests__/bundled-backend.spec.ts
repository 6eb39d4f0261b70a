import { join } from 'node:path';
import { build } from 'esbuild';
import type { BundledTracingBackend } from '@traced-social/manifest';
import { handlerEsbuildOptions } from '@traced-social/manifest/build';

const WORKSPACE_ROOT = join(__dirname, '../../../..');
const HANDLER = join(__dirname, 'fixtures/handlers.ts');

/** The npm packages a handler's bundle holds, bundled as the local cloud and CDK bundle it. */
async function bundledPackages(backend: BundledTracingBackend): Promise<Set<string>> {
  const { metafile } = await build({
    ...handlerEsbuildOptions(backend),
    entryPoints: [HANDLER],
    write: false,
    outfile: 'index.js',
    absWorkingDir: WORKSPACE_ROOT,
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  const packages = Object.keys(metafile.inputs).map(
    (input) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? '',
  );
  return new Set(packages.filter(Boolean));
}

describe('the backend chosen at build time', () => {
  it('leaves OpenTelemetry out of an X-Ray bundle and the X-Ray SDK out of an OpenTelemetry one', async () => {
    const xray = await bundledPackages('xray');
    expect(xray).toContain('aws-xray-sdk-core');
    expect([...xray].filter((name) => name.startsWith('@opentelemetry/'))).toEqual([]);

    const otel = await bundledPackages('otel');
    expect(otel).toContain('@opentelemetry/sdk-trace');
    expect(otel).not.toContain('aws-xray-sdk-core');
    expect(otel).not.toContain('@aws-lambda-powertools/tracer');
  });
});
