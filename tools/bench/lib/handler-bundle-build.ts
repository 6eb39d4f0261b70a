import { resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import type { BundledTracingBackend } from '@traced-social/manifest';
import { handlerEsbuildOptions } from '@traced-social/manifest/build';
import { WORKSPACE_ROOT } from './child-process';

export interface BuiltHandler {
  file: string;
  /** Bytes of the bundle per dependency (npm package, or workspace project), largest first. */
  dependencies: Array<{ name: string; bytes: number }>;
}

/**
 * One handler bundled exactly as the apps, the local cloud and CDK bundle it
 * (`handlerEsbuildOptions` of @traced-social/manifest/build: the options, the stand-in plugins and
 * the event-stream check, with the function's tracing backend baked in).
 */
export async function buildHandler(
  entry: string,
  outfile: string,
  backend: BundledTracingBackend,
): Promise<BuiltHandler> {
  const { metafile } = await build({
    ...handlerEsbuildOptions(backend),
    entryPoints: [entry],
    outfile,
    absWorkingDir: WORKSPACE_ROOT,
    tsconfig: resolve(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  return { file: outfile, dependencies: dependencyBytes(metafile, outfile) };
}

/** The owner of a bundled input: its npm package, else its workspace project (`libs/http`). */
export function dependencyOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at >= 0) {
    const [scopeOrName, name] = input.slice(at + 'node_modules/'.length).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  return input.split('/').slice(0, 2).join('/');
}

function dependencyBytes(metafile: Metafile, outfile: string): BuiltHandler['dependencies'] {
  const key = Object.keys(metafile.outputs).find(
    (k) => resolve(WORKSPACE_ROOT, k) === resolve(outfile),
  );
  if (!key) throw new Error(`esbuild metafile has no output for ${outfile}`);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[key].inputs)) {
    const name = dependencyOf(input);
    totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
