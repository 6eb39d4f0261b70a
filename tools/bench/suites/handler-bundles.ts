/**
 * Each handler as it ships: bundled with esbuild exactly as the apps, the local cloud and CDK
 * bundle it (`handlerBundling` from @traced-social/manifest), then its size and its import time
 * (the module-loading part of a cold start) measured in fresh Node processes.
 *
 *   npm run bench -- handler-bundles [--imports=5] [--record]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { handlerBundling } from '@traced-social/manifest';
import { flag, numberFlag } from '../lib/args';
import { parseResultLine, runNode, WORKSPACE_ROOT } from '../lib/child-process';
import { lambdaImportEnv } from '../lib/function-env';
import { discoverFunctions, type DiscoveredFunction } from '../lib/manifests';
import { recordedReportHeader, writeRecordedReport } from '../lib/report';
import { formatTable, median } from '../lib/stats';
import { runSuite } from '../lib/suite';

interface BundleFigures {
  fn: string;
  bytes: number;
  gzipBytes: number;
  importMs?: number;
  error?: string;
}

/** Run in the child: time `require` of the bundle, print it as a RESULT line. */
const IMPORT_PROBE = `
const started = process.hrtime.bigint();
require(process.argv[1]);
const ms = Number(process.hrtime.bigint() - started) / 1e6;
console.log('RESULT ' + JSON.stringify({ ms }));
`;

async function bundle(fn: DiscoveredFunction, outDir: string): Promise<string> {
  const outfile = join(outDir, fn.app, fn.spec.name, 'index.js');
  await build({
    ...handlerBundling,
    external: [...handlerBundling.external],
    entryPoints: [join(fn.appRoot, fn.spec.entry)],
    bundle: true,
    outfile,
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  return outfile;
}

async function importTimeMs(file: string, fn: DiscoveredFunction, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const output = await runNode(['-e', IMPORT_PROBE, file], {
      env: lambdaImportEnv(`${fn.app}-${fn.spec.name}`, 'index.handler'),
    });
    samples.push(parseResultLine<{ ms: number }>(output, `import of ${fn.spec.name}`).ms);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = numberFlag(args, 'imports', 5);
  const functions = discoverFunctions();
  if (functions.length === 0) {
    console.log('No app manifests (apps/*/src/manifest.ts) yet: nothing to bundle.');
    return;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const figures: BundleFigures[] = [];
  try {
    for (const fn of functions) {
      const name = `${fn.app}/${fn.spec.name}`;
      process.stdout.write(`${name} ... `);
      try {
        const file = await bundle(fn, outDir);
        const bytes = statSync(file).size;
        const gzipBytes = gzipSync(readFileSync(file)).length;
        const importMs = await importTimeMs(file, fn, runs);
        figures.push({ fn: name, bytes, gzipBytes, importMs });
        console.log(`${kb(bytes)} KB, import ${importMs.toFixed(1)} ms`);
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        figures.push({ fn: name, bytes: 0, gzipBytes: 0, error: message });
        console.log(`failed: ${message}`);
      }
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
  const report = [
    `Bundled with \`handlerBundling\` (${handlerBundling.format}, ${handlerBundling.target}, minified, AWS SDK bundled); import time is the median of ${runs} fresh \`node\` processes requiring the bundle under Lambda's environment variables.`,
    '',
    formatTable(
      ['function', 'bundle KB', 'gzip KB', 'import ms (cold start)'],
      figures.map((f) => [
        f.fn,
        f.error ? '—' : kb(f.bytes),
        f.error ? '—' : kb(f.gzipBytes),
        f.error ? `failed: ${f.error}` : (f.importMs ?? 0).toFixed(1),
      ]),
    ),
  ].join('\n');
  console.log(`\n${report}`);
  if (flag(args, 'record') === 'true') {
    const file = join(WORKSPACE_ROOT, 'docs/benchmarks/handler-bundles.md');
    await writeRecordedReport(
      file,
      `${recordedReportHeader('handler bundles', 'handler-bundles')}\n${report}\n`,
    );
    console.log(`\nrecorded in ${relative(WORKSPACE_ROOT, file)}`);
  }
  if (figures.some((f) => f.error)) process.exitCode = 1;
}

const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

runSuite(main);
