import { joinPathFragments, type Tree } from '@nx/devkit';
import type { AppManifest } from '@traced-social/manifest';
import { parseManifestSource } from './manifest-source';

/** Where every app declares its functions (tools and infra glob the same path). */
export const manifestPath = (appRoot: string): string =>
  joinPathFragments(appRoot, 'src/manifest.ts');

/** The manifests of every app under `apps/` in the tree, as far as they are literal. */
export function readAppManifests(tree: Tree): AppManifest[] {
  if (!tree.exists('apps')) return [];
  const manifests: AppManifest[] = [];
  for (const dir of tree.children('apps')) {
    const path = manifestPath(joinPathFragments('apps', dir));
    const source = tree.read(path, 'utf-8');
    if (source === null) continue;
    manifests.push(parseManifestSource(source, path).manifest);
  }
  return manifests;
}
