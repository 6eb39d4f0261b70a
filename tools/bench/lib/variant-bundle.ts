import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundledTracingBackend } from '@traced-social/manifest';
import type { Variant } from '../observability/variant-runner';
import { buildHandler } from './handler-bundle-build';

const HANDLERS = join(__dirname, '../observability/handlers');
const built = new Map<string, Promise<string>>();
let outDir: string | undefined;

/**
 * The bench handler `variant` bundled as a deployed function is (`handlerEsbuildOptions(backend)`:
 * minified, the other backend's code dropped), built once per process. Workers run these, not the
 * TypeScript sources: a source-loaded module keeps its transpiled, unminified text in the heap
 * (the library's modules alone held ~3 MB), which no Lambda instance holds (decision 1931).
 */
export function variantBundle(variant: Variant, backend: BundledTracingBackend): Promise<string> {
  const key = `${variant}-${backend}`;
  let bundle = built.get(key);
  if (!bundle) {
    if (!outDir) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-variants-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      outDir = dir;
    }
    const outfile = join(outDir, key, 'index.js');
    bundle = buildHandler(join(HANDLERS, `${variant}.ts`), outfile, backend).then(() => outfile);
    built.set(key, bundle);
  }
  return bundle;
}
