import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The workspace root: the nearest directory above `from` holding `nx.json`. */
export function findWorkspaceRoot(from: string = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`No nx.json found above ${from}: run from the workspace`);
  }
}
