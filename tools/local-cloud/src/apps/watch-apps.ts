import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { AppManifest } from '@traced-social/manifest';
import type { LoadedApp } from './discover-apps';

/** `<app>/src/manifest.ts`, as `fs.watch` names a file under the apps directory. */
const MANIFEST_FILE = /^([^/\\]+)[/\\]src[/\\]manifest\.ts$/;
/** An editor writes a file in several steps: wait for them to settle. */
const SETTLE_MS = 150;

/**
 * Calls `onChange(appRoot)` when an app's `src/manifest.ts` under `appsDir` is created or
 * changed, once its writes settle. `fs.watch` is recursive on Linux, macOS and Windows with the
 * Node versions this workspace runs.
 */
export function watchManifests(
  appsDir: string,
  onChange: (appRoot: string) => void,
): { close(): void } {
  const pending = new Map<string, NodeJS.Timeout>();
  const watcher: FSWatcher = watch(appsDir, { recursive: true }, (_event, file) => {
    const app = file ? MANIFEST_FILE.exec(file.toString())?.[1] : undefined;
    if (!app) return;
    clearTimeout(pending.get(app));
    pending.set(
      app,
      setTimeout(() => {
        pending.delete(app);
        onChange(join(appsDir, app));
      }, SETTLE_MS),
    );
  });
  return {
    close: () => {
      watcher.close();
      pending.forEach((timer) => clearTimeout(timer));
    },
  };
}

/**
 * Reads `<root>/src/manifest.ts` as it is on disk now. `require` would answer from its cache (and
 * Jest's module registry ignores `require.cache`), so the manifest is bundled with esbuild (the
 * workspace's path aliases resolved) and evaluated; it throws what `defineApp` throws.
 */
export function loadAppFresh(root: string, workspaceRoot: string): LoadedApp {
  const file = join(root, 'src', 'manifest.ts');
  const [output] = buildSync({
    entryPoints: [file],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    absWorkingDir: workspaceRoot,
    tsconfig: join(workspaceRoot, 'tsconfig.base.json'),
    logLevel: 'silent',
  }).outputFiles;
  const module: { exports: { manifest?: AppManifest } } = { exports: {} };
  // The bundle holds the manifest and the manifest lib; only Node built-ins remain to require.
  new Function('module', 'exports', 'require', output.text)(module, module.exports, require);
  if (!module.exports.manifest) throw new Error(`${file} does not export a manifest`);
  return { manifest: module.exports.manifest, root };
}
