/**
 * Bundles one handler as every handler is bundled (`handlerEsbuildOptions`): the CDK's local
 * bundling runs this in a child process, because esbuild's plugins need its asynchronous API and
 * CDK's `tryBundle` is synchronous.
 *
 *   node -r tools/scripts/register-ts.js libs/manifest/src/build-handler-cli.ts \
 *     <entry.ts> <outDir> <xray|otel> <workspaceRoot>
 *
 * Writes `<outDir>/index.js` and its `index.js.map` (no `sourceMappingURL`), nothing else.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import type { BundledTracingBackend } from './bundling';
import { handlerEsbuildOptions } from './build';

const BACKENDS: readonly BundledTracingBackend[] = ['xray', 'otel'];

async function main([entry, outDir, backend, workspaceRoot]: string[]): Promise<void> {
  if (!entry || !outDir || !workspaceRoot || !BACKENDS.includes(backend as BundledTracingBackend)) {
    throw new Error('usage: build-handler-cli <entry.ts> <outDir> <xray|otel> <workspaceRoot>');
  }
  await build({
    ...handlerEsbuildOptions(backend as BundledTracingBackend),
    entryPoints: [entry],
    outfile: join(outDir, 'index.js'),
    absWorkingDir: workspaceRoot,
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    // The metafile is read by the event-stream check only: not written beside the bundle.
    logLevel: 'error',
  });
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
