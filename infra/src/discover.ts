import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validateAppManifest, type AppManifest } from '@traced-social/manifest';

/** The workspace root (this file is `infra/src/discover.ts`). */
export const WORKSPACE_ROOT = resolve(__dirname, '../..');

/** An app's manifest and the directory its handler entries are relative to. */
export interface DiscoveredApp {
  manifest: AppManifest;
  root: string;
}

/** Every `apps/<app>/src/manifest.ts` of the workspace, sorted by app name. */
export function discoverApps(workspaceRoot: string = WORKSPACE_ROOT): DiscoveredApp[] {
  const appsDir = join(workspaceRoot, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(appsDir, entry.name))
    .filter((root) => existsSync(join(root, 'src/manifest.ts')))
    .map(loadApp)
    .sort((a, b) => a.manifest.app.localeCompare(b.manifest.app));
}

/** Loads `<root>/src/manifest.ts` (its `manifest` export), checking it as `defineApp` does. */
export function loadApp(appRoot: string): DiscoveredApp {
  const root = resolve(appRoot);
  const file = join(root, 'src/manifest.ts');
  // Manifests are found at run time, so they are required rather than imported.
  const loaded = require(file) as { manifest?: AppManifest };
  const manifest = loaded.manifest;
  if (!manifest) throw new Error(`${file} does not export "manifest"`);
  const problems = validateAppManifest(manifest);
  if (problems.length) throw new Error(`${file} is invalid:\n- ${problems.join('\n- ')}`);
  return { manifest, root };
}
