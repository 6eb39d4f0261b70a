/**
 * The cost of tracing: the same handler (5 operations, 1 DynamoDB call against dynalite) run
 * untraced, traced through @traced-social/observability, and traced with raw Powertools, each in
 * fresh processes under Lambda's environment, thousands of invocations each, rounds interleaved
 * so machine noise hits every variant alike. Targets (issue 2): traced ≤ untraced + 0.25 ms and
 * + 3 MB heap; traced ≤ raw Powertools + 15 %.
 *
 *   npm run bench -- observability [--count=3000] [--rounds=3] [--warmup=300] [--record]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { flag, numberFlag } from '../lib/args';
import { parseResultLine, runTypeScript, WORKSPACE_ROOT } from '../lib/child-process';
import { EMULATOR_CREDENTIALS_ENV, startDynalite } from '../lib/emulators';
import { describeMachine } from '../lib/machine';
import { formatTable, median, percentile, toMb, trimmedMean } from '../lib/stats';
import { startUdpSink } from '../lib/udp-sink';
import { BENCH_TABLE, STEP_NAMES } from '../observability/workload';
import type { VariantResult } from '../observability/variant-runner';

const VARIANTS = ['untraced', 'traced', 'raw-powertools'] as const;
type Variant = (typeof VARIANTS)[number];

const TARGET_EXTRA_MS = 0.25;
const TARGET_EXTRA_HEAP_MB = 3;
const TARGET_OVER_RAW = 0.15;

export interface VariantSummary {
  variant: Variant;
  invocations: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  heapMb: number;
  loadMs: number;
  datagramsPerInvocation: number;
}

export function summarise(
  variant: Variant,
  rounds: VariantResult[],
  datagrams: number,
  warmupPerRound: number,
): VariantSummary {
  const times = rounds.flatMap((r) => r.timesMs);
  const invocationsSent = rounds.reduce((n, r) => n + r.timesMs.length + warmupPerRound, 0);
  return {
    variant,
    invocations: times.length,
    meanMs: trimmedMean(times),
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    heapMb: toMb(median(rounds.map((r) => r.heapAfterRunBytes))),
    loadMs: median(rounds.map((r) => r.loadMs)),
    datagramsPerInvocation: datagrams / invocationsSent,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = numberFlag(args, 'count', 3000);
  const rounds = numberFlag(args, 'rounds', 3);
  const warmup = numberFlag(args, 'warmup', 300);
  const record = flag(args, 'record') === 'true';

  const dynalite = await startDynalite();
  await dynalite.createTable(BENCH_TABLE);
  const sink = await startUdpSink();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...EMULATOR_CREDENTIALS_ENV,
    NODE_ENV: 'production',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: 'bench-fn',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: WORKSPACE_ROOT,
    _HANDLER: 'index.handler',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_XRAY_DAEMON_ADDRESS: sink.address,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    DYNAMODB_ENDPOINT: dynalite.endpoint,
  };

  const results = new Map<Variant, VariantResult[]>(VARIANTS.map((v) => [v, []]));
  const datagrams = new Map<Variant, number>(VARIANTS.map((v) => [v, 0]));
  try {
    for (let round = 1; round <= rounds; round++) {
      for (const variant of VARIANTS) {
        process.stdout.write(`round ${round}/${rounds}: ${variant} × ${count} ... `);
        const before = sink.count();
        const output = await runTypeScript(
          join(__dirname, '../observability/variant-runner.ts'),
          [variant, String(count), String(warmup)],
          { env, nodeArgs: ['--expose-gc'] },
        );
        const result = parseResultLine<VariantResult>(output, `${variant} run`);
        // Datagrams are sent asynchronously: let the last ones land before counting.
        await new Promise((resolve) => setTimeout(resolve, 200));
        datagrams.set(variant, (datagrams.get(variant) ?? 0) + sink.count() - before);
        results.get(variant)?.push(result);
        console.log(`${trimmedMean(result.timesMs).toFixed(3)} ms/invocation`);
      }
    }
  } finally {
    await sink.close();
    await dynalite.stop();
  }

  const summaries = VARIANTS.map((v) =>
    summarise(v, results.get(v) ?? [], datagrams.get(v) ?? 0, warmup),
  );
  const report = renderReport(summaries, { count, rounds, warmup });
  console.log(`\n${report}`);
  if (record) {
    const dir = join(WORKSPACE_ROOT, 'docs/benchmarks');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'observability.md');
    writeFileSync(file, `${recordHeader()}\n${report}\n`);
    console.log(`\nrecorded in ${file}`);
  }
}

function renderReport(
  summaries: VariantSummary[],
  settings: { count: number; rounds: number; warmup: number },
): string {
  const by = (v: Variant): VariantSummary => {
    const found = summaries.find((s) => s.variant === v);
    if (!found) throw new Error(`no results for ${v}`);
    return found;
  };
  const untraced = by('untraced');
  const traced = by('traced');
  const raw = by('raw-powertools');
  const table = formatTable(
    [
      'variant',
      'invocations',
      'mean ms',
      'p50 ms',
      'p99 ms',
      'heap MB (post-GC)',
      'module load ms',
      'datagrams/inv',
    ],
    summaries.map((s) => [
      s.variant,
      s.invocations,
      s.meanMs.toFixed(3),
      s.p50Ms.toFixed(3),
      s.p99Ms.toFixed(3),
      s.heapMb.toFixed(2),
      s.loadMs.toFixed(1),
      s.datagramsPerInvocation.toFixed(2),
    ]),
  );
  const extraMs = traced.meanMs - untraced.meanMs;
  const extraHeap = traced.heapMb - untraced.heapMb;
  const overRaw = traced.meanMs / raw.meanMs - 1;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const checks = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `traced − untraced ≤ ${TARGET_EXTRA_MS} ms`,
        `${extraMs.toFixed(3)} ms`,
        verdict(extraMs <= TARGET_EXTRA_MS),
      ],
      [
        `traced − untraced heap ≤ ${TARGET_EXTRA_HEAP_MB} MB`,
        `${extraHeap.toFixed(2)} MB`,
        verdict(extraHeap <= TARGET_EXTRA_HEAP_MB),
      ],
      [
        `traced ≤ raw Powertools + ${TARGET_OVER_RAW * 100} %`,
        `${(overRaw * 100).toFixed(1)} %`,
        verdict(overRaw <= TARGET_OVER_RAW),
      ],
      [
        `raw Powertools − untraced (for reference)`,
        `${(raw.meanMs - untraced.meanMs).toFixed(3)} ms`,
        '—',
      ],
    ],
  );
  return [
    `Workload per invocation: ${STEP_NAMES.length} operations (${STEP_NAMES.join(', ')}), one DynamoDB PutItem against dynalite.`,
    `${settings.rounds} interleaved rounds × ${settings.count} measured invocations per variant (after ${settings.warmup} warm-up), each round in a fresh process; mean is trimmed (slowest 5 % dropped).`,
    '',
    table,
    '',
    checks,
  ].join('\n');
}

function recordHeader(): string {
  return [
    '# Benchmark: the cost of tracing (libs/observability)',
    '',
    `Recorded ${new Date().toISOString()} by \`npm run bench -- observability --record\`.`,
    '',
    `Machine: ${describeMachine()}.`,
    '',
  ].join('\n');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
