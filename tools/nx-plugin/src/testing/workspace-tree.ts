import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';

/** An empty virtual workspace formatted like this one: prettier with the root's settings. */
export function createWorkspaceTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  // Nx's empty workspace comes with an oxfmt config; this workspace formats with prettier.
  tree.delete('.oxfmtrc.json');
  tree.write('.prettierrc', JSON.stringify({ singleQuote: true, printWidth: 100 }));
  return tree;
}
