/**
 * `npm run bench [suite ...] [-- --record]`: runs every `tools/bench/suites/*.ts` (or the named
 * ones), each in its own Node process so no suite's loaded modules or heap skew another's, in name
 * order, printing each suite's output as it comes. Flags (`--record`, ...) are passed to every suite.
 */
import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runTypeScript } from './lib/child-process';

const SUITES_DIR = join(__dirname, 'suites');

export function selectSuites(available: string[], args: string[]): string[] {
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((name) => !available.includes(name));
  if (unknown.length) {
    throw new Error(
      `unknown bench suite(s): ${unknown.join(', ')}; available: ${available.join(', ')}`,
    );
  }
  return wanted.length ? available.filter((name) => wanted.includes(name)) : available;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const available = readdirSync(SUITES_DIR)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts'))
    .map((file) => basename(file, '.ts'))
    .sort();
  const suites = selectSuites(available, args);
  const flags = args.filter((a) => a.startsWith('--'));
  const failed: string[] = [];
  for (const suite of suites) {
    console.log(`\n=== bench suite: ${suite} ===\n`);
    const { code } = await runTypeScript(join(SUITES_DIR, `${suite}.ts`), flags, { inherit: true });
    if (code !== 0) failed.push(suite);
  }
  if (failed.length) {
    console.error(`\nbench suites failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
