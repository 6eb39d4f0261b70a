/**
 * The OpenTelemetry backend beside the X-Ray backend, in one run (issue 9):
 * - per invocation: the observability bench's `traced` handler (5 operations, 1 DynamoDB call
 *   against dynalite) with TRACING_BACKEND=xray and =otel, and `untraced` for reference, each in
 *   its own process under Lambda's environment, taking turns in small batches;
 * - cold start: the same handler bundled per backend (esbuild, `handlerEsbuildOptions`: each bundle
 *   holds only its backend's code) imported and invoked once in fresh
 *   Node processes with each backend: import time, first-invocation time (the backend is loaded
 *   at first use), and their sum;
 * - bundle size, with the bytes each backend's code takes in it.
 * Targets: cold start ≤ 2× and per-invocation cost ≤ 1.5× the X-Ray backend's.
 *
 * CPU is each process's own over its whole batches (dynalite and the sinks run in other
 * processes), and the tracing cost (traced − untraced) is taken per round, between processes that
 * took turns, then the median of the rounds (decision 1930). Each handler process and the
 * stand-in daemon share one CPU, the emulators and the bench the others (decision 1953).
 *
 *   npm run bench -- otel [--count=2000] [--rounds=3] [--warmup=300] [--imports=7] [--record]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { handlerEsbuildOptions } from '@traced-social/manifest/build';
import { flag, numberFlag } from '../lib/args';
import { canPin, parseResultLine, runNode, WORKSPACE_ROOT } from '../lib/child-process';
import { startDynalite } from '../lib/emulators';
import { lambdaImportEnv } from '../lib/function-env';
import { startOtlpSink, type OtlpSink } from '../lib/otlp-sink';
import { printReport } from '../lib/report';
import { formatTable, mean as meanOf, median, percentile, toMb, trimmedMean } from '../lib/stats';
import { startUdpSink, type UdpSink } from '../lib/udp-sink';
import {
  BATCH,
  benchLambdaEnv,
  describePlacement,
  runInterleavedRound,
  type Contender,
} from '../lib/variant-rounds';
import { runSuite } from '../lib/suite';
import { BENCH_TABLE, STEP_NAMES } from '../observability/workload';

const TARGET_COLD_START_RATIO = 2;
const TARGET_INVOCATION_RATIO = 1.5;
/** Issue 19: the otel backend's own CPU per invocation, and the traced heap over untraced. */
const TARGET_TRACING_CPU_MS = 0.25;
const TARGET_HEAP_MB = 3;
const COLD_START_ENTRY = join(__dirname, '../otel/cold-start-handler.ts');

/**
 * `otel` as deployed: segment documents over UDP to the X-Ray daemon (decision 1903);
 * `otel-otlp`: OTLP/HTTP to a sink that answers after SINK_DELAY_MS, as X-Ray's regional endpoint
 * would (the flush before the handler returns waits for it).
 */
type Label = 'untraced' | 'xray' | 'otel' | 'otel-otlp';
const SINK_DELAY_MS = 20;

interface Measured {
  label: Label;
  timesMs: number[];
  /** Per round: the process's CPU over its batches divided by its invocations (ms). */
  roundCpuMs: number[];
  heapBytes: number[];
  exports: number;
}

/** What each backend sends per invocation: datagrams (xray, otel), export requests (otel-otlp). */
const sent = async (label: Label, udp: UdpSink, otlp: OtlpSink): Promise<number> =>
  label === 'otel-otlp' ? otlp.requests() : label === 'untraced' ? 0 : udp.count();

async function runRound(
  contenders: Array<Contender<Label>>,
  measured: Record<Label, Measured>,
  sinks: { udp: UdpSink; otlp: OtlpSink },
  count: number,
  warmup: number,
): Promise<void> {
  const rounds = await runInterleavedRound(contenders, {
    count,
    warmup,
    sent: (label) => sent(label, sinks.udp, sinks.otlp),
  });
  for (const round of rounds) {
    const own = measured[round.label];
    own.timesMs.push(...round.timesMs);
    own.roundCpuMs.push(round.batchCpuMs / round.timesMs.length);
    own.heapBytes.push(round.heapBytes);
    own.exports += round.sent;
  }
}

/** Run in the child: import the bundle, invoke it once as Lambda would, print wall and CPU times. */
const COLD_START_PROBE = `
const { randomBytes } = require('crypto');
const cpu0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
const { handler } = require(process.argv[1]);
const t1 = process.hrtime.bigint();
const cpu1 = process.cpuUsage(cpu0);
process.env._X_AMZN_TRACE_ID = 'Root=1-' + Math.floor(Date.now() / 1000).toString(16) + '-' +
  randomBytes(12).toString('hex') + ';Parent=' + randomBytes(8).toString('hex') + ';Sampled=1';
handler({ text: 'hello' }, { functionName: 'bench-cold', awsRequestId: 'r', getRemainingTimeInMillis: () => 3000 })
  .then(() => {
    const t2 = process.hrtime.bigint();
    const cpu2 = process.cpuUsage(cpu0);
    const ms = (c) => (c.user + c.system) / 1000;
    console.log('RESULT ' + JSON.stringify({
      importMs: Number(t1 - t0) / 1e6,
      firstMs: Number(t2 - t1) / 1e6,
      importCpuMs: ms(cpu1),
      firstCpuMs: ms(cpu2) - ms(cpu1),
    }));
  });
`;

interface ColdStart {
  importMs: number;
  firstMs: number;
  importCpuMs: number;
  firstCpuMs: number;
}

type Backend = 'xray' | 'otel' | 'otel-otlp';
const BACKENDS: Backend[] = ['xray', 'otel', 'otel-otlp'];
/** The environment that picks each backend (and its export). */
const backendEnv = (backend: Backend, otlpEndpoint: string): NodeJS.ProcessEnv =>
  backend === 'xray'
    ? { TRACING_BACKEND: 'xray' }
    : backend === 'otel'
      ? { TRACING_BACKEND: 'otel', OBSERVABILITY_OTEL_EXPORT: 'xray-daemon' }
      : { TRACING_BACKEND: 'otel', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: otlpEndpoint };

/**
 * `runs` cold starts per backend in fresh processes, alternating backends so that a change in
 * the machine's load hits both alike; medians of each figure.
 */
async function coldStarts(
  bundles: Record<Backend, string>,
  sinks: { udp: UdpSink; otlp: OtlpSink },
  runs: number,
): Promise<Record<Backend, ColdStart>> {
  const samples: Record<Backend, ColdStart[]> = { xray: [], otel: [], 'otel-otlp': [] };
  for (let i = 0; i < runs; i++) {
    for (const backend of i % 2 ? [...BACKENDS].reverse() : BACKENDS) {
      const output = await runNode(['-e', COLD_START_PROBE, bundles[backend]], {
        env: {
          ...lambdaImportEnv('bench-cold', 'index.handler'),
          POWERTOOLS_METRICS_DISABLED: 'true',
          POWERTOOLS_LOG_LEVEL: 'ERROR',
          AWS_XRAY_DAEMON_ADDRESS: sinks.udp.address,
          ...backendEnv(backend, sinks.otlp.endpoint),
        },
        // On one CPU, as handler-bundles measures imports (decision 1936).
        oneCpu: true,
      });
      samples[backend].push(parseResultLine<ColdStart>(output, `cold start (${backend})`));
    }
  }
  const medians = (list: ColdStart[]): ColdStart => ({
    importMs: median(list.map((s) => s.importMs)),
    firstMs: median(list.map((s) => s.firstMs)),
    importCpuMs: median(list.map((s) => s.importCpuMs)),
    firstCpuMs: median(list.map((s) => s.firstCpuMs)),
  });
  return {
    xray: medians(samples.xray),
    otel: medians(samples.otel),
    'otel-otlp': medians(samples['otel-otlp']),
  };
}

interface BundleFigures {
  file: string;
  bytes: number;
  gzipBytes: number;
  otelBytes: number;
  xrayBytes: number;
}

const OTEL_CODE =
  /node_modules\/@opentelemetry\/|libs\/observability\/src\/(backends\/otel|otlp)\//;
const XRAY_CODE =
  /node_modules\/(aws-xray-sdk-core|@aws-lambda-powertools\/tracer|cls-hooked|atomic-batcher)\/|libs\/observability\/src\/backends\/xray\//;

async function bundleColdStartHandler(
  outDir: string,
  backend: 'xray' | 'otel',
): Promise<BundleFigures> {
  const outfile = join(outDir, backend, 'index.js');
  const result = await build({
    ...handlerEsbuildOptions(backend),
    entryPoints: [COLD_START_ENTRY],
    outfile,
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
    logLevel: 'silent',
  });
  if (!result.metafile) throw new Error('esbuild returned no metafile');
  const inputs = outputInputs(result.metafile, outfile);
  const sum = (pattern: RegExp): number =>
    Object.entries(inputs)
      .filter(([path]) => pattern.test(path))
      .reduce((total, [, input]) => total + input.bytesInOutput, 0);
  const code = readFileSync(outfile);
  return {
    file: outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    otelBytes: sum(OTEL_CODE),
    xrayBytes: sum(XRAY_CODE),
  };
}

function outputInputs(
  metafile: Metafile,
  outfile: string,
): Record<string, { bytesInOutput: number }> {
  const key = Object.keys(metafile.outputs).find((k) => resolve(k) === outfile);
  if (!key) throw new Error(`esbuild metafile has no output for ${outfile}`);
  return metafile.outputs[key].inputs;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = numberFlag(args, 'count', 2000);
  const rounds = numberFlag(args, 'rounds', 3);
  const warmup = numberFlag(args, 'warmup', 300);
  const imports = numberFlag(args, 'imports', 7);
  const record = flag(args, 'record') === 'true';

  const dynalite = await startDynalite();
  await dynalite.createTable(BENCH_TABLE);
  const udp = await startUdpSink({ besideTheFunction: true });
  const otlp = await startOtlpSink({ delayMs: SINK_DELAY_MS });
  const sinks = { udp, otlp };
  const outDir = mkdtempSync(join(tmpdir(), 'bench-otel-'));
  const base = benchLambdaEnv(udp.address, dynalite.endpoint);
  const contenders: Array<Contender<Label>> = [
    { label: 'untraced', variant: 'untraced', env: base },
    ...BACKENDS.map((backend) => ({
      label: backend,
      variant: 'traced' as const,
      backend: backend === 'xray' ? ('xray' as const) : ('otel' as const),
      env: { ...base, ...backendEnv(backend, otlp.endpoint) },
    })),
  ];
  const fresh = (label: Label): Measured => ({
    label,
    timesMs: [],
    roundCpuMs: [],
    heapBytes: [],
    exports: 0,
  });
  const measured = {
    untraced: fresh('untraced'),
    xray: fresh('xray'),
    otel: fresh('otel'),
    'otel-otlp': fresh('otel-otlp'),
  };

  let report: string;
  try {
    for (let round = 1; round <= rounds; round++) {
      process.stdout.write(
        `round ${round}/${rounds}: untraced / ${BACKENDS.join(' / ')} × ${count} ... `,
      );
      await runRound(contenders, measured, sinks, count, warmup);
      console.log('done');
    }
    process.stdout.write(`bundling and ${imports} cold starts per backend ... `);
    const bundles = {
      xray: await bundleColdStartHandler(outDir, 'xray'),
      otel: await bundleColdStartHandler(outDir, 'otel'),
    };
    const cold = await coldStarts(
      { xray: bundles.xray.file, otel: bundles.otel.file, 'otel-otlp': bundles.otel.file },
      sinks,
      imports,
    );
    console.log('done');
    report = renderReport(measured, cold, bundles, {
      count,
      rounds,
      warmup,
      imports,
      placement: describePlacement(udp),
    });
  } finally {
    rmSync(outDir, { recursive: true, force: true });
    await udp.close();
    await otlp.close();
    await dynalite.stop();
  }
  await printReport(
    report,
    record,
    'otel',
    'OpenTelemetry backend beside the X-Ray backend (libs/observability)',
  );
}

function renderReport(
  measured: Record<Label, Measured>,
  cold: Record<Backend, ColdStart>,
  bundles: Record<'xray' | 'otel', BundleFigures>,
  settings: { count: number; rounds: number; warmup: number; imports: number; placement: string },
): string {
  const results = [measured.untraced, measured.xray, measured.otel, measured['otel-otlp']];
  const mean = (m: Measured): number => trimmedMean(m.timesMs);
  const cpu = (m: Measured): number => meanOf(m.roundCpuMs);
  /** traced − untraced, per round (same rounds, same machine moments), median and range. */
  const tracingCpu = (m: Measured): number[] =>
    m.roundCpuMs.map((value, round) => value - untraced.roundCpuMs[round]);
  const tracingText = (m: Measured): string => {
    const perRound = tracingCpu(m);
    return `${median(perRound).toFixed(3)} (${Math.min(...perRound).toFixed(3)}–${Math.max(...perRound).toFixed(3)})`;
  };
  const { untraced, xray, otel } = measured;
  const otlp = measured['otel-otlp'];
  const p50 = (m: Measured): number => percentile(m.timesMs, 50);
  const perInvocation = formatTable(
    [
      'backend',
      'invocations',
      'wall mean ms',
      'wall p50 ms',
      'wall p99 ms',
      'CPU ms/inv',
      'tracing CPU ms/inv (rounds: min–max)',
      'heap MB',
      'sent/inv',
    ],
    results.map((m) => [
      m.label,
      m.timesMs.length,
      mean(m).toFixed(3),
      percentile(m.timesMs, 50).toFixed(3),
      percentile(m.timesMs, 99).toFixed(3),
      cpu(m).toFixed(3),
      m.label === 'untraced' ? '—' : tracingText(m),
      toMb(median(m.heapBytes)).toFixed(2),
      m.label === 'untraced' ? '—' : (m.exports / m.timesMs.length).toFixed(2),
    ]),
  );
  const coldTotal = (c: ColdStart): number => c.importMs + c.firstMs;
  const coldCpu = (c: ColdStart): number => c.importCpuMs + c.firstCpuMs;
  const coldTable = formatTable(
    [
      'backend',
      'import ms',
      'first invocation ms',
      'cold start ms (sum)',
      'import CPU ms',
      'first invocation CPU ms',
      'cold start CPU ms',
    ],
    BACKENDS.map((b) => [
      b,
      cold[b].importMs.toFixed(1),
      cold[b].firstMs.toFixed(1),
      coldTotal(cold[b]).toFixed(1),
      cold[b].importCpuMs.toFixed(1),
      cold[b].firstCpuMs.toFixed(1),
      coldCpu(cold[b]).toFixed(1),
    ]),
  );
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  const bundleTable = formatTable(
    ['bundle', 'size', 'gzip', 'OpenTelemetry code', 'X-Ray SDK + Powertools Tracer code'],
    (['xray', 'otel'] as const).map((backend) => [
      `cold-start handler, ${backend} build`,
      kb(bundles[backend].bytes),
      kb(bundles[backend].gzipBytes),
      kb(bundles[backend].otelBytes),
      kb(bundles[backend].xrayBytes),
    ]),
  );
  const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}×`;
  const verdict = (ok: boolean): string => (ok ? 'met' : 'MISSED');
  const coldRatio = coldTotal(cold.otel) / coldTotal(cold.xray);
  const wallRatio = mean(otel) / mean(xray);
  const cpuRatio = cpu(otel) / cpu(xray);
  const checks = formatTable(
    ['target', 'measured', 'result'],
    [
      [
        `otel cold start (import + first invocation) ≤ ${TARGET_COLD_START_RATIO}× xray (wall)`,
        ratio(coldTotal(cold.otel), coldTotal(cold.xray)),
        verdict(coldRatio <= TARGET_COLD_START_RATIO),
      ],
      [
        `otel cold start (import + first invocation) ≤ ${TARGET_COLD_START_RATIO}× xray (CPU)`,
        ratio(coldCpu(cold.otel), coldCpu(cold.xray)),
        verdict(coldCpu(cold.otel) / coldCpu(cold.xray) <= TARGET_COLD_START_RATIO),
      ],
      [
        `otel per-invocation wall time ≤ ${TARGET_INVOCATION_RATIO}× xray`,
        ratio(mean(otel), mean(xray)),
        verdict(wallRatio <= TARGET_INVOCATION_RATIO),
      ],
      [
        `otel per-invocation CPU ≤ ${TARGET_INVOCATION_RATIO}× xray`,
        ratio(cpu(otel), cpu(xray)),
        verdict(cpuRatio <= TARGET_INVOCATION_RATIO),
      ],
      [
        `otel's response time shows none of the export's ${SINK_DELAY_MS} ms round trip (p50 − xray p50 < ${SINK_DELAY_MS / 4} ms)`,
        `${(p50(otel) - p50(xray)).toFixed(2)} ms (otel-otlp: +${(p50(otlp) - p50(xray)).toFixed(2)} ms)`,
        verdict(p50(otel) - p50(xray) < SINK_DELAY_MS / 4),
      ],
      [
        `otel tracing CPU (traced − untraced) ≤ ${TARGET_TRACING_CPU_MS} ms per invocation`,
        `${median(tracingCpu(otel)).toFixed(3)} ms`,
        verdict(median(tracingCpu(otel)) <= TARGET_TRACING_CPU_MS),
      ],
      ...(['xray', 'otel'] as const).map((label) => {
        const over = toMb(median(measured[label].heapBytes) - median(untraced.heapBytes));
        return [
          `${label} heap ≤ untraced + ${TARGET_HEAP_MB} MB`,
          `${over >= 0 ? '+' : '−'}${Math.abs(over).toFixed(2)} MB`,
          verdict(over <= TARGET_HEAP_MB),
        ];
      }),
      [
        'tracing CPU alone (traced − untraced), otel / xray, for reference',
        ratio(median(tracingCpu(otel)), median(tracingCpu(xray))),
        '—',
      ],
      [
        // The tracing CPU grows and shrinks with the machine's speed, as every CPU figure does: the
        // untraced handler's CPU tells how fast the machine ran, and this ratio stays put.
        "otel tracing CPU / the untraced handler's CPU (the machine's speed), for reference",
        `${ratio(median(tracingCpu(otel)), cpu(untraced))} of ${cpu(untraced).toFixed(3)} ms`,
        '—',
      ],
    ],
  );
  return [
    `Per invocation: the observability bench's handler (${STEP_NAMES.length} operations, one DynamoDB PutItem against dynalite), ${settings.rounds} rounds of ${settings.count} invocations per backend after ${settings.warmup} warm-up ones, one process per backend, batches of ${BATCH} taken in turn. Wall means trimmed (slowest 5 % dropped). CPU is each handler process's own (dynalite and the sinks run in other processes) over its whole batches, work left queued after the handler returned and GC included, divided by the invocations; tracing CPU is traced − untraced within each round, the median of the rounds and their range. xray sends one UDP datagram per (sub)segment as it closes; otel (as deployed, decision 1903) maps its spans to segment documents at the end of the invocation and sends the handler span with its descendants nested, one UDP datagram to the daemon (decision 1930); otel-otlp sends one OTLP/HTTP request per invocation (the bounded flush before the handler returns) to a sink that answers after ${SINK_DELAY_MS} ms, as a regional X-Ray endpoint would (decision 0801). Sinks count what they receive. ${settings.placement}`,
    '',
    perInvocation,
    '',
    `Cold start: the bundle below imported and invoked once in ${settings.imports} fresh Node processes per backend, each on one CPU${canPin() ? '' : ' (not here: no taskset)'} (decision 1936), the backends alternating (medians; CPU is the process's own, robust to a busy machine). Each backend has its own bundle (the backend is a build-time define: esbuild drops the other one's code); the backend is loaded at the first invocation, so its load time is in "first invocation".`,
    '',
    coldTable,
    '',
    bundleTable,
    '',
    checks,
  ].join('\n');
}

runSuite(main);
