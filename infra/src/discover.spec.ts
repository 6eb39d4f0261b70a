import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverApps, loadApp } from './discover';

/** A workspace in a temporary directory with the given `apps/<dir>/src/manifest.ts` files. */
function workspaceWith(manifests: Record<string, string | undefined>): string {
  const root = mkdtempSync(join(tmpdir(), 'infra-discover-'));
  for (const [dir, source] of Object.entries(manifests)) {
    mkdirSync(join(root, 'apps', dir, 'src'), { recursive: true });
    if (source !== undefined) writeFileSync(join(root, 'apps', dir, 'src/manifest.ts'), source);
  }
  return root;
}

const manifestSource = (app: string, operationType = 'GET_THING') => `
export const manifest = {
  app: '${app}',
  service: '${app}',
  functions: [
    {
      name: 'get-thing',
      entry: 'src/handlers/get-thing.ts',
      operationType: '${operationType}',
      trigger: { type: 'api', method: 'GET', path: '/${app}' },
    },
  ],
};
`;

describe('app discovery', () => {
  it('finds every app with a manifest, sorted, and skips directories without one', () => {
    const root = workspaceWith({
      zeta: manifestSource('zeta'),
      alpha: manifestSource('alpha'),
      'no-manifest': undefined,
    });
    const found = discoverApps(root);
    expect(found.map((app) => app.manifest.app)).toEqual(['alpha', 'zeta']);
    expect(found[0].root).toBe(join(root, 'apps/alpha'));
  });

  it('finds nothing in a workspace without apps', () => {
    expect(discoverApps(mkdtempSync(join(tmpdir(), 'infra-empty-')))).toEqual([]);
  });

  it('refuses a manifest that exports nothing or is invalid, naming the file', () => {
    const root = workspaceWith({
      empty: 'export const other = 1;\n',
      bad: manifestSource('bad', 'cache.hit'),
    });
    expect(() => loadApp(join(root, 'apps/empty'))).toThrow(
      `${join(root, 'apps/empty/src/manifest.ts')} does not export "manifest"`,
    );
    expect(() => loadApp(join(root, 'apps/bad'))).toThrow(
      /manifest\.ts is invalid:\n- get-thing: operationType "cache\.hit" must be UPPER_SNAKE/,
    );
  });
});
