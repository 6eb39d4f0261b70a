import { cpus, loadavg, totalmem } from 'node:os';
import type { CelebrityCheck } from './celebrity';
import { mixShares } from './request-mix';

export interface LoadOutcome {
  requests: number;
  connections: number;
  durationSeconds: number;
  throughput: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  routes: Array<{ route: string; count: number; p50: number; p99: number; unexpected: number }>;
  setup: { users: number; follows: number; posts: number; celebrityFollowers: number };
  /** What the end of the run showed about the 100k-follower author's posts. */
  celebrity: CelebrityCheck;
  /** What is wrong in `celebrity` (each one a failure). */
  celebrityFailures: string[];
}

/**
 * The failures that make a load run fail (any at all): connection errors, timeouts and answers
 * whose status is not the one their route expects. Non-2xx answers are not failures by
 * themselves: the hostile part of the mix expects its 400s.
 */
export const failuresOf = (o: LoadOutcome): number =>
  o.errors +
  o.timeouts +
  o.routes.reduce((n, r) => n + r.unexpected, 0) +
  o.celebrityFailures.length;

/** The markdown written to docs/benchmarks/load.md. */
export function renderLoadReport(outcome: LoadOutcome, now = new Date()): string {
  const cpu = cpus();
  const lines = [
    '# Load: the local cloud under a realistic mix',
    '',
    'Written by `npm run load` (tools/load). The whole backend runs in-process (`startLocalCloud`:',
    'API Gateway and Lambda emulation, dynalite, kinesalite, the trace collector, Redis), every',
    'request traced; autocannon sends the requests. Figures are for this machine and include the',
    'emulators and tracing: compare runs with each other, not with AWS.',
    '',
    `- Date: ${now.toISOString()}`,
    `- Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average at the end ${loadavg()
      .map((n) => n.toFixed(1))
      .join(' / ')} (1 / 5 / 15 min: other work on the machine slows every figure)`,
    `- Setup: ${outcome.setup.users} users, ${outcome.setup.follows} follows, ${outcome.setup.posts} posts (through POST /posts, fanned out); an author with ${outcome.setup.celebrityFollowers.toLocaleString('en')} followers (every user among them; the others' follow edges written straight into dynalite), posting through POST /posts during the run`,
    `- Run: ${outcome.requests} requests over ${outcome.connections} connections in ${outcome.durationSeconds.toFixed(1)} s (${outcome.throughput.toFixed(0)} req/s), after a warm-up`,
    '',
    '## Result',
    '',
    '| requests | errors | timeouts | non-2xx | p50 | p99 | max |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    `| ${outcome.requests} | ${outcome.errors} | ${outcome.timeouts} | ${outcome.non2xx} | ${outcome.p50} ms | ${outcome.p99} ms | ${outcome.max} ms |`,
    '',
    '## Per route',
    '',
    '| route | share of mix | requests | p50 | p99 | unexpected status |',
    '|---|---:|---:|---:|---:|---:|',
    ...outcome.routes.map((r) => {
      const share = mixShares().find((s) => s.route === r.route)?.percent ?? 0;
      return `| \`${r.route}\` | ${share.toFixed(0)} % | ${r.count} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.unexpected} |`;
    }),
    '',
    '## The 100k-follower author',
    '',
    ...celebrityLines(outcome),
    '',
    `Verdict: ${failuresOf(outcome) === 0 ? '**0 errors**' : `**${failuresOf(outcome)} failures**`}.`,
    '',
  ];
  return lines.join('\n');
}

function celebrityLines({ celebrity: c, celebrityFailures, setup }: LoadOutcome): string[] {
  const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
  return [
    'Read at the end of the run, through the API and from dynalite:',
    '',
    `- Follower count on the profile: ${c.followerCount.toLocaleString('en')} (expected ${setup.celebrityFollowers.toLocaleString('en')})`,
    `- Posts by the author: ${c.posts}; the newest on a follower's first feed page: ${yes(c.newestPostInReaderFeed)} (${c.celebrityPostsOnReaderPage} of the page's posts are the author's, merged at read time)`,
    `- Items in the feeds table in all: ${c.feedItems.toLocaleString('en')} (one push fan-out of the author would write ${setup.celebrityFollowers.toLocaleString('en')}); in sampled followers' feeds: ${c.fanFeedItems}; fan-outs still pending: ${c.pendingFanOuts}`,
    ...celebrityFailures.map((failure) => `- Failure: ${failure}`),
  ];
}
