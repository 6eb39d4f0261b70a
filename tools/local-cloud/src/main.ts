/**
 * `npm start`: the local cloud from the command line. Flags and environment in cli/args.ts; the
 * work in local-cloud.ts.
 */
import { join } from 'node:path';
import { loadApp, discoverApps } from './apps/discover-apps';
import { parseCli, USAGE } from './cli/args';
import { banner } from './cli/banner';
import { findWorkspaceRoot } from './config/workspace';
import { startLocalCloud } from './local-cloud';

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2));
  if (cli.help) {
    console.log(USAGE);
    return;
  }
  const workspaceRoot = findWorkspaceRoot();
  const apps = [...discoverApps(workspaceRoot), ...cli.extraApps.map(loadApp)];
  const cloud = await startLocalCloud({
    workspaceRoot,
    dataDir: cli.dataDir,
    reset: cli.reset,
    host: cli.host,
    ports: cli.ports,
    apps,
    // A manifest added or saved under apps/ is served at once, without a restart.
    watchApps: join(workspaceRoot, 'apps'),
    redisUrl: cli.redisUrl,
    tracingBackend: cli.tracingBackend,
    tracingByApp: cli.tracingByApp,
    sampling: cli.sampling,
    faults: cli.faults,
    progress: (line) => console.log(`… ${line}`),
    log: cli.quiet ? undefined : (line) => console.log(line),
  });
  console.log(banner(cloud));

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      console.log('Forced exit.');
      process.exit(1);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local cloud…`);
    cloud.stop().then(
      () => {
        console.log('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(`Error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(
    `\nThe local cloud could not start:\n${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
