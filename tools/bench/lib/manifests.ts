import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppManifest, FunctionSpec } from '@traced-social/manifest';
import { WORKSPACE_ROOT } from './child-process';

export interface DiscoveredFunction {
  app: string;
  appRoot: string;
  spec: FunctionSpec;
}

/** Every function of every app manifest (`apps/*\/src/manifest.ts`), apps in name order. */
export function discoverFunctions(root: string = WORKSPACE_ROOT): DiscoveredFunction[] {
  const appsDir = join(root, 'apps');
  if (!existsSync(appsDir)) return [];
  return readdirSync(appsDir)
    .sort()
    .map((app) => ({
      app,
      appRoot: join(appsDir, app),
      file: join(appsDir, app, 'src/manifest.ts'),
    }))
    .filter(({ file }) => existsSync(file))
    .flatMap(({ appRoot, file }) => {
      const { manifest } = require(file) as { manifest: AppManifest };
      return manifest.functions.map((spec) => ({ app: manifest.app, appRoot, spec }));
    });
}
