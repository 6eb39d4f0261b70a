/**
 * `nx run <app>:trace-shapes [--update]`: records the app's operation shapes against the local
 * cloud (tools/trace-shapes/src/scenarios/<app>.ts) and compares them with
 * apps/<app>/trace-shapes/*.json; fails with the differences in words. `--update` rewrites the
 * files instead (the lost annotations that monitoring reads still fail).
 *
 *   node -r ./tools/scripts/register-ts.js tools/trace-shapes/run.ts --app posts [--update]
 */
import { join } from 'node:path';
import { monitoringReaders } from './src/annotation-readers';
import { checkShapes, renderCheck } from './src/check';
import { recordShapes } from './src/record';
import { SCENARIOS } from './src/scenarios';
import { readShapeFiles, shapesDirectory, writeShapeFiles } from './src/shape-files';

const WORKSPACE_ROOT = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const app = argv[argv.indexOf('--app') + 1];
  const update = argv.includes('--update');
  const scenario = SCENARIOS[app];
  if (!app || argv.indexOf('--app') < 0) throw new Error('--app <name> is required');
  if (!scenario) {
    console.log(
      `${app}: no trace-shape scenario (tools/trace-shapes/src/scenarios): nothing to check`,
    );
    return;
  }
  const directory = shapesDirectory(WORKSPACE_ROOT, app);
  const checkedIn = readShapeFiles(directory);
  const current = await recordShapes(scenario, { log: (line) => console.log(line) });
  const otherApps = Object.keys(SCENARIOS)
    .filter((other) => other !== app)
    .flatMap((other) => [...readShapeFiles(shapesDirectory(WORKSPACE_ROOT, other)).values()]);
  const check = checkShapes(checkedIn, current, monitoringReaders(), otherApps);
  const report = renderCheck(app, check);
  if (update) {
    const written = writeShapeFiles(directory, current);
    console.log(`Wrote ${written.length} shape files to apps/${app}/trace-shapes/`);
    for (const change of check.changes) console.log(`  accepted: ${change.message}`);
    // Accepting a shape does not make monitoring that reads a lost annotation work again.
    const broken = check.changes.filter((c) => c.breaks?.length);
    for (const change of broken) console.error(`Still failing: ${change.message}`);
    for (const problem of check.unread) console.error(`Still failing: ${problem}`);
    const budgetErrors = check.budget.filter((f) => f.level === 'error');
    for (const finding of budgetErrors) console.error(`Still failing: ${finding.message}`);
    process.exitCode = broken.length || check.unread.length || budgetErrors.length ? 1 : 0;
    return;
  }
  if (report) (check.failed ? console.error : console.log)(report);
  if (!check.failed) console.log(`Trace shapes of ${app}: ${current.size} operations as recorded`);
  process.exitCode = check.failed ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
