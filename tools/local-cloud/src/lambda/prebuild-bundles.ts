import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import type { BundledTracingBackend } from '@traced-social/manifest';
import { handlerEsbuildOptions } from '@traced-social/manifest/build';
import type { ContentHashes, HandlerBundle } from './handler-bundle';

export interface PrebuildReport {
  /** Bundles taken from the previous start (no source changed). */
  reused: number;
  /** Bundles built now. */
  built: number;
  /** Bundles that failed to build: they report their error when invoked. */
  failed: number;
  ms: number;
}

/**
 * Every function's bundle, ready before the first request (decision 1902): the bundles a previous
 * start left are reused when no source changed (content hashes in `bundle.json`), the rest are
 * built in one esbuild build per tracing backend (all entry points at once: shared modules are
 * parsed once). If that build fails (one handler does not compile), each bundle is built on its
 * own so that only the broken one is missing; it reports the error when invoked, as before.
 */
export async function prebuildBundles(
  bundles: HandlerBundle[],
  workspaceRoot: string,
): Promise<PrebuildReport> {
  const started = Date.now();
  const hashes: ContentHashes = new Map();
  const reusable = await Promise.all(bundles.map((bundle) => bundle.reuseCached(hashes)));
  const stale = bundles.filter((_, i) => !reusable[i]);
  let failed = 0;
  for (const backend of ['xray', 'otel'] as const) {
    const group = stale.filter((bundle) => bundle.backend === backend);
    if (!group.length) continue;
    try {
      await buildTogether(group, backend, workspaceRoot, hashes);
    } catch {
      const alone = await Promise.allSettled(group.map((bundle) => bundle.current()));
      failed += alone.filter((result) => result.status === 'rejected').length;
    }
  }
  return {
    reused: bundles.length - stale.length,
    built: stale.length - failed,
    failed,
    ms: Date.now() - started,
  };
}

async function buildTogether(
  group: HandlerBundle[],
  backend: BundledTracingBackend,
  workspaceRoot: string,
  hashes: ContentHashes,
): Promise<void> {
  const outdir = commonDirectory(group.map((bundle) => bundle.outDir));
  const { metafile } = await build({
    ...handlerEsbuildOptions(backend),
    entryPoints: group.map((bundle) => ({
      in: bundle.entryFile,
      out: relative(outdir, join(bundle.outDir, 'index')),
    })),
    outdir,
    absWorkingDir: workspaceRoot,
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    nodePaths: [join(workspaceRoot, 'node_modules')],
    logLevel: 'silent',
  });
  const outputs = Object.entries(metafile.outputs).map(([file, output]) => ({
    file: resolve(workspaceRoot, file),
    inputs: Object.keys(output.inputs),
  }));
  for (const bundle of group) {
    const output = outputs.find((o) => o.file === resolve(bundle.file));
    if (!output) throw new Error(`esbuild wrote no bundle for ${bundle.entryFile}`);
    await bundle.adopt(output.inputs, hashes);
  }
}

/** The deepest directory holding all of `dirs`. */
export function commonDirectory(dirs: string[]): string {
  const split = dirs.map((dir) => resolve(dir).split('/'));
  const common: string[] = [];
  for (let i = 0; split.every((parts) => i < parts.length && parts[i] === split[0][i]); i++) {
    common.push(split[0][i]);
  }
  return common.join('/') || '/';
}
