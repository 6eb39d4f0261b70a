/**
 * The cost of tracing: the same handler (5 operations, 1 DynamoDB call against dynalite) run
 * untraced, traced through @traced-social/observability, and traced with raw Powertools, each in
 * its own process under Lambda's environment, thousands of invocations each, taking turns in
 * small batches so machine noise hits every variant alike. Targets (issue 2): traced ≤ untraced + 0.25 ms and
 * + 3 MB heap; traced ≤ raw Powertools + 15 %.
 *
 *   npm run bench -- observability [--count=3000] [--rounds=3] [--warmup=300] [--record]
 */
import { flag, numberFlag } from '../lib/args';
import { startDynalite } from '../lib/emulators';
import { printReport } from '../lib/report';
import { formatTable, median, percentile, toMb, trimmedMean } from '../lib/stats';
import { startUdpSink, type UdpSink } from '../lib/udp-sink';
import {
  BATCH,
  benchLambdaEnv,
  describePlacement,
  runInterleavedRound,
} from '../lib/variant-rounds';
import { runSuite } from '../lib/suite';
import { BENCH_TABLE, STEP_NAMES } from '../observability/workload';
import { VARIANTS, type Variant } from '../observability/variant-runner';

const TARGET_EXTRA_MS = 0.25;
const TARGET_EXTRA_HEAP_MB = 3;
const TARGET_OVER_RAW = 0.15;

interface RoundResult {
  variant: Variant;
  timesMs: number[];
  cpuMs: number[];
  batchCpuMs: number;
  loadMs: number;
  heapBytes: number;
  datagrams: number;
}

export interface VariantSummary {
  variant: Variant;
  invocations: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  cpuMeanMs: number;
  heapMb: number;
  loadMs: number;
  datagramsPerInvocation: number;
}

export function summarise(
  variant: Variant,
  rounds: RoundResult[],
  invocationsPerRound: number,
): VariantSummary {
  const own = rounds.filter((r) => r.variant === variant);
  const samples = own.flatMap((r) => r.timesMs);
  return {
    variant,
    invocations: samples.length,
    meanMs: trimmedMean(samples),
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    // The process's whole CPU over its batches per invocation (GC and trailing work included).
    cpuMeanMs: own.reduce((sum, r) => sum + r.batchCpuMs, 0) / samples.length,
    heapMb: toMb(median(own.map((r) => r.heapBytes))),
    loadMs: median(own.map((r) => r.loadMs)),
    datagramsPerInvocation: median(own.map((r) => r.datagrams / invocationsPerRound)),
  };
}

/**
 * One round: a fresh worker per variant, batches taken in turn (see `runInterleavedRound`).
 * Datagrams are counted per variant: the sink sees them arrive during that variant's turns.
 */
async function runRound(
  env: NodeJS.ProcessEnv,
  sink: UdpSink,
  count: number,
  warmup: number,
): Promise<RoundResult[]> {
  const rounds = await runInterleavedRound(
    VARIANTS.map((variant) => ({ label: variant, variant, env })),
    { count, warmup, sent: () => sink.count() },
  );
  return rounds.map(({ label, sent, ...measured }) => ({
    variant: label,
    datagrams: sent,
    ...measured,
  }));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = numberFlag(args, 'count', 3000);
  const rounds = numberFlag(args, 'rounds', 3);
  const warmup = numberFlag(args, 'warmup', 300);
  const record = flag(args, 'record') === 'true';

  const dynalite = await startDynalite();
  await dynalite.createTable(BENCH_TABLE);
  const sink = await startUdpSink({ besideTheFunction: true });
  const env = benchLambdaEnv(sink.address, dynalite.endpoint);

  const results: RoundResult[] = [];
  try {
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(
        `round ${round}/${rounds}: ${VARIANTS.length} workers × ${count} invocations, interleaved ... `,
      );
      const roundResults = await runRound(env, sink, count, warmup);
      results.push(...roundResults);
      console.log(
        roundResults.map((r) => `${r.variant} ${trimmedMean(r.timesMs).toFixed(3)} ms`).join(', '),
      );
    }
  } finally {
    await sink.close();
    await dynalite.stop();
  }

  const placement = describePlacement(sink);
  const summaries = VARIANTS.map((v) => summarise(v, results, count));
  const report = renderReport(summaries, { count, rounds, warmup, placement });
  await printReport(report, record, 'observability', 'the cost of tracing (libs/observability)');
}

function renderReport(
  summaries: VariantSummary[],
  settings: { count: number; rounds: number; warmup: number; placement: string },
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
      'wall mean ms',
      'wall p50 ms',
      'wall p99 ms',
      'CPU ms/inv',
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
      s.cpuMeanMs.toFixed(3),
      s.heapMb.toFixed(2),
      s.loadMs.toFixed(1),
      s.datagramsPerInvocation.toFixed(2),
    ]),
  );
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const ms = (n: number): string => `${n.toFixed(3)} ms`;
  const pct = (n: number): string => `${(n * 100).toFixed(1)} %`;
  const extraWall = traced.meanMs - untraced.meanMs;
  const extraCpu = traced.cpuMeanMs - untraced.cpuMeanMs;
  const extraHeap = traced.heapMb - untraced.heapMb;
  const overRawWall = traced.meanMs / raw.meanMs - 1;
  const overRawCpu = traced.cpuMeanMs / raw.cpuMeanMs - 1;
  const checks = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `traced − untraced ≤ ${TARGET_EXTRA_MS} ms (wall)`,
        ms(extraWall),
        verdict(extraWall <= TARGET_EXTRA_MS),
      ],
      [
        `traced − untraced ≤ ${TARGET_EXTRA_MS} ms (CPU)`,
        ms(extraCpu),
        verdict(extraCpu <= TARGET_EXTRA_MS),
      ],
      [
        `traced − untraced heap ≤ ${TARGET_EXTRA_HEAP_MB} MB`,
        `${extraHeap.toFixed(2)} MB`,
        verdict(extraHeap <= TARGET_EXTRA_HEAP_MB),
      ],
      [
        `traced ≤ raw Powertools + ${TARGET_OVER_RAW * 100} % (wall)`,
        pct(overRawWall),
        verdict(overRawWall <= TARGET_OVER_RAW),
      ],
      [
        `traced ≤ raw Powertools + ${TARGET_OVER_RAW * 100} % (CPU)`,
        pct(overRawCpu),
        verdict(overRawCpu <= TARGET_OVER_RAW),
      ],
      [
        'raw Powertools − untraced, for reference (wall / CPU)',
        `${ms(raw.meanMs - untraced.meanMs)} / ${ms(raw.cpuMeanMs - untraced.cpuMeanMs)}`,
        '—',
      ],
    ],
  );
  return [
    `Workload per invocation: ${STEP_NAMES.length} operations (${STEP_NAMES.join(', ')}), one DynamoDB PutItem against dynalite.`,
    `${settings.rounds} rounds; in each, one fresh process per variant (${settings.warmup} warm-up invocations), then batches of ${BATCH} invocations taken in turn until each variant has run ${settings.count}, so machine noise hits all variants alike. Wall means are trimmed (slowest 5 % dropped). CPU ms/inv is the CPU the handler's process spent over its whole batches (work left queued after each handler returned and GC included) divided by its invocations; the emulator runs in another process: the handler's own cost, robust to a busy machine. Heap: post-GC at the end of the round, median of rounds. Datagrams/inv: segments the UDP sink received per invocation (proof tracing ran). ${settings.placement}`,
    '',
    table,
    '',
    checks,
  ].join('\n');
}

runSuite(main);
