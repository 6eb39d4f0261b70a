/**
 * Where the traced handler's CPU goes: runs the observability bench's handler (`traced`, or
 * `untraced` to compare) under `node --cpu-prof` in a child process, dynalite and the daemon sink
 * in this one (so the profile holds the handler's process only), then prints the functions with
 * the most self time, grouped by package.
 *
 *   node -r ./tools/scripts/register-ts.js tools/bench/otel/profile.ts \
 *     [--backend=otel|xray] [--variant=traced|untraced] [--count=4000] [--top=40]
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, numberFlag } from '../lib/args';
import { runTypeScript } from '../lib/child-process';
import { startDynalite } from '../lib/emulators';
import { startUdpSink } from '../lib/udp-sink';
import { benchLambdaEnv } from '../lib/variant-rounds';
import { invoke, type Handler } from '../observability/variant-runner';
import { BENCH_TABLE } from '../observability/workload';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** In the child: warm up, then the measured invocations; the profile is written at exit. */
async function runChild(variant: string, count: number): Promise<void> {
  const { handler } = require(`../observability/handlers/${variant}`) as { handler: Handler };
  for (let i = 0; i < count; i++) await invoke(handler, i);
}

/** Self time per function (ms), heaviest first. */
function selfTimes(profile: CpuProfile): Array<{ where: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const file = frame.url.replace(/^.*node_modules\//, '').replace(/^.*\/work\/main\//, '');
    const where = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    totals.set(where, (totals.get(where) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...totals].map(([where, ms]) => ({ where, ms })).sort((a, b) => b.ms - a.ms);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const variant = flag(args, 'variant') ?? 'traced';
  const count = numberFlag(args, 'count', 4000);
  if (flag(args, 'child')) return runChild(variant, count);
  const backend = flag(args, 'backend') ?? 'otel';
  const top = numberFlag(args, 'top', 40);
  const dynalite = await startDynalite();
  await dynalite.createTable(BENCH_TABLE);
  const udp = await startUdpSink();
  const dir = mkdtempSync(join(tmpdir(), 'otel-profile-'));
  try {
    const result = await runTypeScript(
      __filename,
      ['--child', `--variant=${variant}`, `--count=${count}`],
      {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
        env: {
          ...benchLambdaEnv(udp.address, dynalite.endpoint),
          TRACING_BACKEND: backend,
          OBSERVABILITY_OTEL_EXPORT: 'xray-daemon',
        },
      },
    );
    if (result.code !== 0) throw new Error(result.stderr);
  } finally {
    await udp.close();
    await dynalite.stop();
  }
  const file = join(dir, readdirSync(dir)[0]);
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const times = selfTimes(profile);
  const total = times.reduce((sum, t) => sum + t.ms, 0);
  console.log(`${file}: ${total.toFixed(0)} ms sampled over ${count} invocations`);
  for (const t of times.slice(0, top)) {
    console.log(`${((t.ms / count) * 1000).toFixed(1).padStart(7)} µs/inv  ${t.where}`);
  }
  const byPackage = new Map<string, number>();
  for (const t of times) {
    const file = t.where.split(' ')[1] ?? '';
    const pkg = /^(@[^/]+\/[^/]+|[^/:]+)/.exec(file)?.[1] ?? '(native)';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t.ms);
  }
  console.log('\nby package:');
  for (const [pkg, ms] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 20)) {
    console.log(`${((ms / count) * 1000).toFixed(1).padStart(7)} µs/inv  ${pkg}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
