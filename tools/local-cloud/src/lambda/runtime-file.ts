import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Compiles the worker runtime (TypeScript) into one CommonJS file the worker threads load, so the
 * local cloud runs the same way under `npm start`, Jest and plain Node.
 */
export async function buildWorkerRuntime(outDir: string): Promise<string> {
  const outfile = join(outDir, 'lambda-worker-runtime.js');
  await build({
    entryPoints: [join(__dirname, 'worker-runtime.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  });
  return outfile;
}
