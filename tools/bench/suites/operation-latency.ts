/**
 * Per-operation latency against the recorded figures (`apps/<app>/trace-shapes/latency.json`,
 * written by `npm run load`): runs the load mix (`tools/load`, its own process, the whole local
 * cloud) for `--requests`, takes each operation's p50/p99 from its traces' response times, and
 * prints them beside the recorded ones as ratios (above 1 is slower). Nothing fails on a ratio:
 * machines differ; a ratio far from 1 on the same machine is worth a look.
 *
 *   npm run bench -- operation-latency [--requests=2000] [--record]
 *
 * `--record` rewrites the recorded figures from this run (through the load script).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareLatencies, type LatencyFigure } from '@traced-social/trace-shapes';
import { flag, numberFlag } from '../lib/args';
import { runTypeScript, WORKSPACE_ROOT } from '../lib/child-process';
import { formatTable } from '../lib/stats';
import { runSuite } from '../lib/suite';

function recordedFigures(): LatencyFigure[] {
  const appsDir = join(WORKSPACE_ROOT, 'apps');
  return readdirSync(appsDir).flatMap((app) => {
    const file = join(appsDir, app, 'trace-shapes', 'latency.json');
    if (!existsSync(file)) return [];
    return (JSON.parse(readFileSync(file, 'utf8')) as { operations: LatencyFigure[] }).operations;
  });
}

runSuite(async () => {
  const args = process.argv.slice(2);
  const requests = numberFlag(args, 'requests', 2000);
  const record = flag(args, 'record') !== undefined;
  const dir = mkdtempSync(join(tmpdir(), 'operation-latency-'));
  try {
    const figuresFile = join(dir, 'operations.json');
    console.log(`Running the load mix: ${requests} requests (npm run load)…`);
    const load = await runTypeScript(join(WORKSPACE_ROOT, 'tools/load/run.ts'), [
      '--requests',
      String(requests),
      '--max-seconds',
      '600',
      '--operations-out',
      figuresFile,
      ...(record ? ['--out', join(dir, 'load.md')] : ['--no-write']),
    ]);
    if (load.code !== 0 || !existsSync(figuresFile)) {
      throw new Error(`the load run failed (exit ${load.code}):\n${load.stderr || load.stdout}`);
    }
    const current = JSON.parse(readFileSync(figuresFile, 'utf8')) as LatencyFigure[];
    const recorded = recordedFigures();
    const fixed = (n?: number) => (n === undefined ? '—' : n.toFixed(1));
    const times = (n?: number) => (n === undefined ? '—' : `×${n.toFixed(2)}`);
    const rows = compareLatencies(recorded, current).map((c) => [
      c.app,
      c.operation,
      c.current?.count ?? 0,
      fixed(c.recorded?.p50Ms),
      fixed(c.current?.p50Ms),
      times(c.p50Ratio),
      fixed(c.recorded?.p99Ms),
      fixed(c.current?.p99Ms),
      times(c.p99Ratio),
    ]);
    console.log(
      formatTable(
        [
          'app',
          'operation',
          'n',
          'p50 recorded',
          'p50 now',
          'ratio',
          'p99 recorded',
          'p99 now',
          'ratio',
        ],
        rows,
      ),
    );
    if (record)
      console.log('Recorded: apps/<app>/trace-shapes/latency.json rewritten from this run');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
