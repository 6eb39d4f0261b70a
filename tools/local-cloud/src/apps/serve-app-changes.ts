import { dirname, relative } from 'node:path';
import { findRouteClashes } from '@traced-social/manifest';
import type { RouteTable } from '../api-gateway/routes';
import type { LocalFunction } from '../lambda/local-function';
import type { AppChange, AppFunctions } from './app-functions';
import type { LoadedApp } from './discover-apps';
import { loadAppFresh, watchManifests } from './watch-apps';

export interface ServeAppChangesOptions {
  /** The apps directory watched: `<dir>/<name>/src/manifest.ts`. */
  appsDir: string;
  /** The apps served at start. */
  apps: LoadedApp[];
  workspaceRoot: string;
  appFunctions: AppFunctions;
  routeTable: RouteTable<LocalFunction>;
  log: (line: string) => void;
}

/**
 * While the local cloud runs, serves each manifest of `appsDir` as it is saved: a new app, a new
 * or changed function (route, stream consumer, schedule) or a removed one, without a restart. A
 * manifest that does not load, or whose routes clash with another app's, is reported and the
 * app keeps being served as it was. Changes are applied one at a time, in order.
 */
export function serveAppChanges(options: ServeAppChangesOptions): { close(): Promise<void> } {
  const { appFunctions, routeTable, log, workspaceRoot } = options;
  const served = new Map(options.apps.map((app) => [app.manifest.app, app]));
  let applying = Promise.resolve();

  const apply = async (root: string): Promise<void> => {
    const where = relative(dirname(options.appsDir), root);
    let app: LoadedApp;
    try {
      app = loadAppFresh(root, workspaceRoot);
    } catch (error) {
      log(`${where}/src/manifest.ts changed but is not served: ${firstLine(error)}`);
      return;
    }
    const others = [...served.values()].filter((a) => a.manifest.app !== app.manifest.app);
    const clashes = findRouteClashes([...others.map((a) => a.manifest), app.manifest]);
    if (clashes.length) {
      log(
        `${where}/src/manifest.ts changed but is not served: routes declared twice: ${clashes.join('; ')}`,
      );
      return;
    }
    const change = await appFunctions.replaceApp(app);
    served.set(app.manifest.app, app);
    routeTable.replace(appFunctions.routes);
    log(`${where}/src/manifest.ts changed: ${describe(change)}`);
  };

  const watcher = watchManifests(options.appsDir, (root) => {
    applying = applying.then(() => apply(root)).catch((error: unknown) => log(firstLine(error)));
  });
  return {
    close: async () => {
      watcher.close();
      await applying;
    },
  };
}

function describe({ added, removed }: AppChange): string {
  const changed = added.filter((name) => removed.includes(name));
  const parts = [
    ...added.filter((n) => !changed.includes(n)).map((n) => `+${n}`),
    ...changed.map((n) => `~${n}`),
    ...removed.filter((n) => !changed.includes(n)).map((n) => `-${n}`),
  ];
  return parts.length ? `serving ${parts.join(' ')}` : 'no function changed';
}

const firstLine = (error: unknown): string =>
  (error instanceof Error ? error.message : String(error)).split('\n').slice(0, 3).join(' ');
