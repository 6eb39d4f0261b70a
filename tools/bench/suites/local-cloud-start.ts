/**
 * `npm start`'s first request (issue 19): the local cloud started twice on one fresh data
 * directory — first with no bundle built, then again with the bundles of the first start on disk —
 * and each time: start to Ready (every bundle is ready by then, decision 1902), then the first
 * request to every route, one after the other (each a cold start of its function: a worker, the
 * bundle's import, the handler). Target: every route's first answer within 1.5 s of Ready.
 *
 *   npm run bench -- local-cloud-start [--record]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalCloud } from '@traced-social/local-cloud';
import { flag } from '../lib/args';
import { WORKSPACE_ROOT } from '../lib/child-process';
import { printReport } from '../lib/report';
import { formatTable } from '../lib/stats';
import { runSuite } from '../lib/suite';

const TARGET_FIRST_REQUEST_MS = 1500;
/** Any id: the requests carry no token, so each function answers its 401 (or 400) itself. */
const SOME_ID = '6f1c2a34-5b6d-4e7f-8a9b-0c1d2e3f4a5b';

interface StartFigures {
  readyMs: number;
  bundling: string;
  firstRequests: Map<string, { ms: number; status: number }>;
}

async function startAndProbe(dataDir: string): Promise<StartFigures> {
  let bundling = '';
  const started = Date.now();
  const cloud = await startLocalCloud({
    workspaceRoot: WORKSPACE_ROOT,
    dataDir,
    ports: 'random',
    progress: (line) => {
      if (line.startsWith('Bundles ready')) bundling = line;
    },
  });
  const readyMs = Date.now() - started;
  const firstRequests = new Map<string, { ms: number; status: number }>();
  try {
    for (const route of cloud.routes) {
      const path = route.path.replace(/\{[^}]+\}/g, SOME_ID);
      const t0 = performance.now();
      const response = await fetch(`${cloud.apiUrl}${path}`, {
        method: route.method,
        headers: { 'content-type': 'application/json' },
        body: route.method === 'GET' || route.method === 'DELETE' ? undefined : '{}',
      });
      await response.arrayBuffer();
      firstRequests.set(`${route.method} ${route.path}`, {
        ms: performance.now() - t0,
        status: response.status,
      });
    }
  } finally {
    await cloud.stop();
  }
  return { readyMs, bundling, firstRequests };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-local-cloud-'));
  let fresh: StartFigures;
  let again: StartFigures;
  try {
    process.stdout.write('first start (no bundles yet) and a first request per route ... ');
    fresh = await startAndProbe(dataDir);
    console.log('done');
    process.stdout.write('second start (bundles of the first on disk) and the same requests ... ');
    again = await startAndProbe(dataDir);
    console.log('done');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const routes = [...fresh.firstRequests.keys()];
  const worst = (figures: StartFigures): number =>
    Math.max(...[...figures.firstRequests.values()].map((r) => r.ms));
  const verdict = (ms: number): string => (ms <= TARGET_FIRST_REQUEST_MS ? 'met' : 'MISSED');
  const report = [
    `Each start on the same data directory with random ports; "start to Ready" is \`startLocalCloud\` from its call to its return (emulators, collector, tables, every bundle, event sources, API). Then one request per route, in turn, without a token (each function answers its own 401, or 400 for the sign-in routes): the first invocation of each function, a cold start traced with its \`Initialization\` subsegment.`,
    '',
    formatTable(
      ['start', 'start to Ready ms', 'bundles'],
      [
        ['first (nothing built)', fresh.readyMs, fresh.bundling],
        ['second (bundles on disk)', again.readyMs, again.bundling],
      ],
    ),
    '',
    formatTable(
      ['route', 'status', 'first request ms (first start)', 'first request ms (second start)'],
      routes.map((route) => [
        route,
        fresh.firstRequests.get(route)?.status ?? '—',
        fresh.firstRequests.get(route)?.ms.toFixed(0) ?? '—',
        again.firstRequests.get(route)?.ms.toFixed(0) ?? '—',
      ]),
    ),
    '',
    formatTable(
      ['target', 'measured', 'result'],
      [
        [
          `first request to any route within ${TARGET_FIRST_REQUEST_MS} ms of Ready (first start)`,
          `slowest ${worst(fresh).toFixed(0)} ms`,
          verdict(worst(fresh)),
        ],
        [
          `first request to any route within ${TARGET_FIRST_REQUEST_MS} ms of Ready (second start)`,
          `slowest ${worst(again).toFixed(0)} ms`,
          verdict(worst(again)),
        ],
      ],
    ),
  ].join('\n');
  await printReport(
    report,
    flag(args, 'record') === 'true',
    'local-cloud-start',
    'npm start: start to Ready and the first request per route',
  );
}

runSuite(main);
