import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppManifest } from '@traced-social/manifest';

/** An app the local cloud serves: its manifest and the directory its entries are relative to. */
export interface LoadedApp {
  manifest: AppManifest;
  root: string;
}

/**
 * Every app of the workspace: each `apps/<name>/src/manifest.ts` exporting `manifest`. Adding an
 * app (or a function to a manifest) is all it takes for `npm start` to serve it.
 */
export function discoverApps(workspaceRoot: string): LoadedApp[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(join(appsDir, entry.name, 'src', 'manifest.ts')),
    )
    .map((entry) => loadApp(join(appsDir, entry.name)));
}

/** Loads `<root>/src/manifest.ts` (TypeScript: the caller runs under a TS loader, Jest or swc-node). */
export function loadApp(root: string): LoadedApp {
  const file = join(root, 'src', 'manifest.ts');
  // A runtime path: only require can load it (through the TS loader the process runs under).
  const loaded = require(file) as { manifest?: AppManifest };
  if (!loaded.manifest) throw new Error(`${file} does not export a manifest`);
  return { manifest: loaded.manifest, root };
}
