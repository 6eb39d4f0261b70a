/**
 * Each handler as it ships: bundled exactly as the apps, the local cloud and CDK bundle it
 * (`handlerEsbuildOptions` from @traced-social/manifest/build, on the default `xray` backend), then its
 * size, its import time and its first invocation in fresh Node processes, beside a reference
 * bundle built from what a minimal traced DynamoDB handler needs
 * (`handler-bundles/reference-handler.ts`). Targets (issue 19): every bundle ≤ 450 KB, every
 * import ≤ 1.25× the reference's. The "before" columns are the figures of
 * docs/benchmarks/handler-bundles.before.json (measured before issue 19).
 *
 *   npm run bench -- handler-bundles [--imports=5] [--record]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FunctionSpec } from '@traced-social/manifest';
import { flag, numberFlag } from '../lib/args';
import { canPin, parseResultLine, runNode, WORKSPACE_ROOT } from '../lib/child-process';
import { startDynalite } from '../lib/emulators';
import { lambdaImportEnv } from '../lib/function-env';
import { buildHandler, type BuiltHandler } from '../lib/handler-bundle-build';
import { discoverFunctions } from '../lib/manifests';
import { printReport } from '../lib/report';
import { formatTable, median } from '../lib/stats';
import { runSuite } from '../lib/suite';
import { startUdpSink } from '../lib/udp-sink';
import { firstEvent } from '../handler-bundles/first-event';

const MAX_BUNDLE_KB = 450;
const MAX_IMPORT_RATIO = 1.25;
const REFERENCE = 'reference';
const REFERENCE_ENTRY = join(__dirname, '../handler-bundles/reference-handler.ts');
const BEFORE_FILE = join(WORKSPACE_ROOT, 'docs/benchmarks/handler-bundles.before.json');

interface Bundle {
  name: string;
  trigger: FunctionSpec['trigger'];
  built: BuiltHandler;
  bytes: number;
  gzipBytes: number;
  importMs: number[];
  firstMs: number[];
}

interface Before {
  functions: Record<string, { bundleKb: number; importMs: number }>;
}

/**
 * Run in the child: require the bundle (timed), then invoke its handler once as Lambda would
 * (timed), print both, and exit (a handler may hold sockets open, as Lambda would freeze them).
 */
const PROBE = `
const { randomBytes } = require('crypto');
const t0 = process.hrtime.bigint();
const { handler } = require(process.argv[1]);
const t1 = process.hrtime.bigint();
process.env._X_AMZN_TRACE_ID = 'Root=1-' + Math.floor(Date.now() / 1000).toString(16) + '-' +
  randomBytes(12).toString('hex') + ';Parent=' + randomBytes(8).toString('hex') + ';Sampled=1';
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, awsRequestId: 'bench',
  getRemainingTimeInMillis: () => 10000 };
Promise.resolve()
  .then(() => handler(JSON.parse(process.argv[2]), context))
  .catch(() => undefined)
  .then(() => {
    const t2 = process.hrtime.bigint();
    console.log('RESULT ' + JSON.stringify({ importMs: Number(t1 - t0) / 1e6, firstMs: Number(t2 - t1) / 1e6 }));
    process.exit(0);
  });
`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runs = numberFlag(args, 'imports', 5);
  const functions = discoverFunctions();
  const outDir = mkdtempSync(join(tmpdir(), 'bench-bundles-'));
  const dynalite = await startDynalite();
  const udp = await startUdpSink();
  const bundles: Bundle[] = [];
  const failed: Array<{ name: string; error: string }> = [];
  try {
    process.stdout.write(`bundling ${functions.length} handlers and the reference ... `);
    const targets = [
      {
        name: REFERENCE,
        entry: REFERENCE_ENTRY,
        trigger: { type: 'api', method: 'GET', path: '/posts/{postId}' } as const,
      },
      ...functions.map((fn) => ({
        name: `${fn.app}/${fn.spec.name}`,
        entry: join(fn.appRoot, fn.spec.entry),
        trigger: fn.spec.trigger,
      })),
    ];
    for (const target of targets) {
      try {
        const built = await buildHandler(
          target.entry,
          join(outDir, target.name, 'index.js'),
          'xray',
        );
        bundles.push({
          name: target.name,
          trigger: target.trigger,
          built,
          bytes: statSync(built.file).size,
          gzipBytes: gzipSync(readFileSync(built.file)).length,
          importMs: [],
          firstMs: [],
        });
      } catch (error) {
        failed.push({ name: target.name, error: firstLine(error) });
      }
    }
    console.log('done');
    // Interleaved: each run imports every bundle once, so the machine's load hits all alike, in
    // a new order each run (a bundle's place must not decide its figure), back to back: after an
    // idle pause this machine's CPUs import ~25 % slower for a while (decision 1936).
    for (let run = 1; run <= runs; run++) {
      process.stdout.write(`run ${run}/${runs}: import + first invocation of each bundle ... `);
      for (const bundle of shuffled(bundles, run)) {
        const env = {
          ...lambdaImportEnv(`bench-${bundle.name.replace('/', '-')}`, 'index.handler'),
          AWS_ENDPOINT_URL_DYNAMODB: dynalite.endpoint,
          AWS_XRAY_DAEMON_ADDRESS: udp.address,
          POWERTOOLS_METRICS_DISABLED: 'true',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        };
        const output = await runNode(
          ['-e', PROBE, bundle.built.file, JSON.stringify(firstEvent(bundle.trigger))],
          { env, oneCpu: true },
        );
        const result = parseResultLine<{ importMs: number; firstMs: number }>(
          output,
          `cold start of ${bundle.name}`,
        );
        bundle.importMs.push(result.importMs);
        bundle.firstMs.push(result.firstMs);
      }
      console.log('done');
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    await udp.close();
    await dynalite.stop();
  }
  const report = renderReport(bundles, failed, runs);
  await printReport(report, flag(args, 'record') === 'true', 'handler-bundles', 'handler bundles');
  if (failed.length) process.exitCode = 1;
}

function renderReport(
  bundles: Bundle[],
  failed: Array<{ name: string; error: string }>,
  runs: number,
): string {
  const before: Before = existsSync(BEFORE_FILE)
    ? (JSON.parse(readFileSync(BEFORE_FILE, 'utf8')) as Before)
    : { functions: {} };
  const reference = bundles.find((b) => b.name === REFERENCE);
  if (!reference) throw new Error(`the reference bundle failed: ${failed[0]?.error}`);
  const referenceImport = median(reference.importMs);
  const handlers = bundles.filter((b) => b !== reference);
  const ratio = (b: Bundle): number => median(b.importMs) / referenceImport;
  const table = formatTable(
    [
      'bundle',
      'KB',
      'gzip KB',
      'import ms',
      'import ÷ reference',
      'import ms (min–max)',
      'first invocation ms',
      'before: KB',
      'before: import ms',
    ],
    [
      ...[reference, ...handlers].map((b) => [
        b.name,
        kb(b.bytes),
        kb(b.gzipBytes),
        median(b.importMs).toFixed(1),
        b === reference ? '1.00×' : `${ratio(b).toFixed(2)}×`,
        `${Math.min(...b.importMs).toFixed(1)}–${Math.max(...b.importMs).toFixed(1)}`,
        median(b.firstMs).toFixed(1),
        before.functions[b.name]?.bundleKb.toFixed(1) ?? '—',
        before.functions[b.name]?.importMs.toFixed(1) ?? '—',
      ]),
      ...failed.map((f) => [f.name, `failed: ${f.error}`, '', '', '', '', '', '', '']),
    ],
  );
  const largest = [...handlers].sort((a, b) => b.bytes - a.bytes)[0];
  const largestDeps = largest
    ? largest.built.dependencies
        .slice(0, 3)
        .map((d) => `\`${d.name}\` ${kb(d.bytes)} KB`)
        .join(', ')
    : '—';
  const overSize = handlers.filter((b) => b.bytes / 1024 > MAX_BUNDLE_KB);
  const overImport = handlers.filter((b) => ratio(b) > MAX_IMPORT_RATIO);
  const worstRatio = Math.max(...handlers.map(ratio));
  const verdict = (ok: boolean): string => (ok && !failed.length ? 'met' : 'MISSED');
  const checks = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `every handler ≤ ${MAX_BUNDLE_KB} KB minified (AWS SDK bundled)`,
        `largest ${largest ? `${largest.name} ${kb(largest.bytes)} KB` : '—'}${over(overSize)}`,
        verdict(overSize.length === 0),
      ],
      [
        `every handler's import ≤ ${MAX_IMPORT_RATIO}× the reference's`,
        `worst ${worstRatio.toFixed(2)}×${over(overImport)}`,
        verdict(overImport.length === 0),
      ],
    ],
  );
  return [
    `Bundled with \`handlerEsbuildOptions('xray')\` (cjs, node24, minified, ESM entry points first, AWS SDK bundled; the stand-ins of decision 1922). The reference is \`tools/bench/handler-bundles/reference-handler.ts\`: Powertools Tracer, Logger and Metrics, the DynamoDB document client, jose and \`zod/mini\`, nothing else. Import ms: \`require\` of the bundle; first invocation ms: its first call as Lambda would make it (an API request without a token, an empty batch, a schedule tick; the tracing backend loads there); medians of ${runs} fresh Node processes per bundle under Lambda's environment, each on one CPU${canPin() ? '' : ' (not here: no taskset)'} as a Lambda function of up to 1,769 MB has at most one vCPU (decision 1936), all bundles taking turns in a new (seeded) order each run and started as the last one ends. Before: docs/benchmarks/handler-bundles.before.json (measured before issue 19, another run: compare its import times by ratio, not absolutely).`,
    '',
    table,
    '',
    `Largest bundle: ${largest?.name ?? '—'}; its three largest dependencies: ${largestDeps}.`,
    '',
    checks,
  ].join('\n');
}

/** The bundles that miss a target, named when few. */
const over = (missed: Bundle[]): string =>
  !missed.length
    ? ''
    : missed.length > 4
      ? `; ${missed.length} over`
      : `; over: ${missed.map((b) => b.name).join(', ')}`;
/** A copy in an order that differs per run yet repeats between runs of the bench (seeded). */
function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  // A 32-bit linear congruential generator (Math.imul keeps the products exact).
  let state = Math.imul(seed, 2654435761) >>> 0;
  const next = (): number => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
const kb = (bytes: number): string => (bytes / 1024).toFixed(1);
const firstLine = (error: unknown): string =>
  error instanceof Error ? error.message.split('\n')[0] : String(error);

runSuite(main);
