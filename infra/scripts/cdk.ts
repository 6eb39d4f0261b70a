import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { cdkCommand, parseArgs } from './cdk-command';

/**
 * Runs (or, with --dry-run, prints) the cdk command of an Nx synth/deploy target, from infra/.
 * Example: node -r ../tools/scripts/register-ts.js scripts/cdk.ts deploy --app posts --stage prod
 */
function main(): number {
  const parsed = parseArgs(process.argv.slice(2));
  const command = cdkCommand(parsed);
  const printable = `npx ${command.join(' ')}`;
  if (parsed.dryRun) {
    console.log(`Would run (in infra/): ${printable}`);
    return 0;
  }
  console.log(`> ${printable}`);
  const result = spawnSync('npx', command, {
    cwd: resolve(__dirname, '..'),
    stdio: 'inherit',
  });
  return result.status ?? 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
