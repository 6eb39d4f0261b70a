import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppManifest } from '@traced-social/manifest';
import type { StageName } from '../config/stage';
import { appDashboard, overviewDashboard } from './grafana-dashboards';

/**
 * Writes `<outDir>/<stage>/<app>.json` per app and `overview.json`: Grafana dashboard JSON, to
 * import or provision (`grafana-cli`/the HTTP API/file provisioning). Returns the paths.
 */
export function writeDashboards(
  outDir: string,
  stage: StageName,
  manifests: AppManifest[],
): string[] {
  const dir = join(outDir, stage);
  mkdirSync(dir, { recursive: true });
  const files = [
    ...manifests.map((manifest) => [manifest.app, appDashboard(stage, manifest)] as const),
    ['overview', overviewDashboard(stage, manifests)] as const,
  ];
  return files.map(([name, dashboard]) => {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, `${JSON.stringify(dashboard, null, 2)}\n`);
    return path;
  });
}
