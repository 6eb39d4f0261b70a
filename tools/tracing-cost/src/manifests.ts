import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppManifest } from '@traced-social/manifest';

const WORKSPACE_ROOT = join(__dirname, '..', '..', '..');

/** Every app's manifest (`apps/*\/src/manifest.ts`), in name order: what each stage deploys. */
export function readManifests(root: string = WORKSPACE_ROOT): AppManifest[] {
  const appsDir = join(root, 'apps');
  return readdirSync(appsDir)
    .sort()
    .map((app) => join(appsDir, app, 'src/manifest.ts'))
    .filter((file) => existsSync(file))
    .map((file) => (require(file) as { manifest: AppManifest }).manifest);
}
