/**
 * `npm run load`: starts the local cloud in-process, seeds users, follows and posts, then sends
 * a realistic mix of requests with autocannon (bounded by count and by time), and writes p50/p99
 * to docs/benchmarks/load.md, and each operation's p50/p99 (from the traces) beside the app's
 * trace shapes (apps/<app>/trace-shapes/latency.json). Exits 1 on any error, timeout or
 * unexpected status. `--operations-out FILE` writes the per-operation figures as JSON there
 * (what `npm run bench -- operation-latency` reads).
 *
 *   npm run load -- [--requests 10000] [--connections 8] [--max-seconds 600] [--out FILE] [--no-write] [--operations-out FILE]
 */
import { createWriteStream, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon, { type Result } from 'autocannon';
import { format, resolveConfig } from 'prettier';
import { XRayClient } from '@aws-sdk/client-xray';
import { checkCelebrity, CELEBRITY_FOLLOWERS, seedCelebrity } from './src/celebrity';
import { startCloudSession, type CloudSession } from './src/cloud-session';
import { failuresOf, renderLoadReport, type LoadOutcome } from './src/load-report';
import { measureOperationLatencies, writeRecordedLatencies } from './src/operation-latencies';
import {
  isExpectedStatus,
  planRequest,
  type LoadFixture,
  type PlannedRequest,
} from './src/request-mix';
import { RouteLatencies } from './src/route-latencies';

const USERS = 30;
const FOLLOWS_PER_USER = 5;
const POSTS_PER_USER = 2;
const WARM_UP_REQUESTS = 300;
const TOKEN_RENEWAL_MS = 5 * 60_000;

interface Options {
  requests: number;
  connections: number;
  maxSeconds: number;
  out?: string;
  operationsOut?: string;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  // The cloud's own lines (cold starts, function failures and output) go to a file; failures are
  // shown as well, as they explain a 502 or a timeout.
  const cloudLogFile = join(tmpdir(), `load-cloud-${Date.now()}.log`);
  const cloudLog = createWriteStream(cloudLogFile);
  let failuresShown = 0;
  console.log(`Starting the local cloud in-process (its log: ${cloudLogFile})…`);
  const session = await startCloudSession({
    apps: ['auth', 'profile', 'posts', 'feed', 'likes', 'notifications'],
    log: (line) => {
      cloudLog.write(`${new Date().toISOString()} ${line}\n`);
      if (line.includes(' failed: ') && failuresShown++ < 10) console.error(line.slice(0, 400));
    },
  });
  let stopRenewingTokens: (() => void) | undefined;
  try {
    console.log(`Seeding ${USERS} users, follows and posts…`);
    const seeded = await seed(session);
    const { fixture, celebrity, setup } = seeded;
    stopRenewingTokens = seeded.stopRenewingTokens;
    console.log(`Warm-up: ${WARM_UP_REQUESTS} requests (not counted)…`);
    await fire(session, fixture, WARM_UP_REQUESTS, options, new RouteLatencies());
    console.log(`Load: ${options.requests} requests over ${options.connections} connections…`);
    const latencies = new RouteLatencies();
    const measuredFrom = new Date();
    const result = await fire(session, fixture, options.requests, options, latencies);
    console.log("Reading the 100k-follower author's posts back…");
    const celebrityCheck = await checkCelebrity(session, celebrity, fixture.users[0]);
    const outcome: LoadOutcome = {
      requests: result.requests.total,
      connections: options.connections,
      durationSeconds: result.duration,
      throughput: result.requests.total / result.duration,
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      routes: latencies.summary(),
      setup,
      celebrity: celebrityCheck.check,
      celebrityFailures: celebrityCheck.failures,
    };
    const report = renderLoadReport(outcome);
    console.log(report);
    if (options.out) {
      // Formatted as the repository's format check expects (aligned tables).
      const config = (await resolveConfig(options.out)) ?? {};
      writeFileSync(options.out, await format(report, { ...config, parser: 'markdown' }));
      console.log(`Written to ${options.out}`);
    }
    await recordOperationLatencies(session, measuredFrom, outcome, options);
    const failures = failuresOf(outcome);
    const incomplete = outcome.requests < options.requests;
    if (incomplete)
      console.error(`Only ${outcome.requests} of ${options.requests} requests were sent in time`);
    process.exitCode = failures > 0 || incomplete ? 1 : 0;
  } finally {
    stopRenewingTokens?.();
    await session.stop();
    cloudLog.end();
  }
}

/** Per-operation p50/p99 of the measured requests' traces (the warm-up's are left out). */
async function recordOperationLatencies(
  session: CloudSession,
  since: Date,
  outcome: LoadOutcome,
  options: Options,
): Promise<void> {
  const xray = new XRayClient({
    endpoint: session.cloud.endpoints.collector,
    region: session.cloud.env.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    const figures = await measureOperationLatencies(xray, since);
    console.log('Per operation (trace response time):');
    for (const f of figures) {
      console.log(`  ${f.app} ${f.operation}: n=${f.count} p50 ${f.p50Ms} ms, p99 ${f.p99Ms} ms`);
    }
    if (options.operationsOut) writeFileSync(options.operationsOut, JSON.stringify(figures));
    if (options.out) {
      const source = `npm run load: ${outcome.requests} requests over ${outcome.connections} connections`;
      const written = await writeRecordedLatencies(join(__dirname, '..', '..'), source, figures);
      console.log(`Per-operation figures written beside ${written.length} apps' trace shapes`);
    }
  } finally {
    xray.destroy();
  }
}

async function seed(session: CloudSession) {
  const users = Array.from({ length: USERS }, (_, i) => ({
    userId: `load-user-${i}-${Date.now().toString(36)}`,
    username: `loaduser${i}`,
  }));
  const signedIn: LoadFixture['users'] = [];
  for (const user of users) {
    await session.seedUser(user);
    signedIn.push({ userId: user.userId, token: await session.tokenFor(user) });
  }
  console.log(`Seeding an author with ${CELEBRITY_FOLLOWERS.toLocaleString('en')} followers…`);
  const celebrity = await seedCelebrity(session, signedIn, (line) => console.log(line));
  const fixture: LoadFixture = { users: signedIn, postIds: [], celebrity };
  let follows = 0;
  for (const [i, user] of users.entries()) {
    for (let k = 1; k <= FOLLOWS_PER_USER; k++) {
      await session.follow(user.userId, users[(i + k) % users.length].userId);
      follows++;
    }
  }
  for (const user of fixture.users) {
    for (let p = 0; p < POSTS_PER_USER; p++) {
      const answer = await session.api<{ post: { postId: string } }>('POST', '/posts', {
        token: user.token,
        body: { text: `Seed post ${p} of ${user.userId}` },
      });
      if (answer.status !== 201) throw new Error(`Seeding a post answered ${answer.status}`);
      fixture.postIds.push(answer.body.post.postId);
    }
  }
  const posts = fixture.postIds.length;
  // Re-signs every token a few times within its 15-minute life, as a client refreshes: a run on a
  // slow machine outlives the tokens signed here.
  const renewTokens = async () => {
    for (const [i, user] of users.entries()) fixture.users[i].token = await session.tokenFor(user);
    celebrity.token = await session.tokenFor(celebrity);
  };
  const renewal = setInterval(() => void renewTokens(), TOKEN_RENEWAL_MS);
  return {
    fixture,
    celebrity,
    stopRenewingTokens: () => clearInterval(renewal),
    setup: { users: USERS, follows, posts, celebrityFollowers: CELEBRITY_FOLLOWERS },
  };
}

async function fire(
  session: CloudSession,
  fixture: LoadFixture,
  amount: number,
  options: Options,
  latencies: RouteLatencies,
): Promise<Result> {
  let unexpectedShown = 0;
  const instance = autocannon({
    url: session.cloud.apiUrl,
    connections: options.connections,
    amount,
    timeout: 30,
    requests: [
      {
        setupRequest: (request, context) => {
          const planned = planRequest(fixture, Math.random());
          context.planned = planned;
          context.sentAt = performance.now();
          return {
            ...request,
            method: planned.method,
            path: planned.path,
            headers: {
              authorization: `Bearer ${planned.token}`,
              ...(planned.body ? { 'content-type': 'application/json' } : {}),
              ...planned.headers,
            },
            ...(planned.body ? { body: JSON.stringify(planned.body) } : { body: undefined }),
          };
        },
        onResponse: (status, body, context) => {
          const planned = context.planned as PlannedRequest;
          const expected = isExpectedStatus(planned, status);
          if (!expected && unexpectedShown++ < 5) {
            console.error(`Unexpected ${status} for ${planned.route}: ${body.slice(0, 300)}`);
          }
          latencies.record(planned.route, performance.now() - (context.sentAt as number), expected);
        },
      },
    ],
  });
  // The bound in time: whatever was sent by then is the result.
  const deadline = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
  try {
    return await instance;
  } finally {
    clearTimeout(deadline);
  }
}

function parseArgs(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const index = argv.indexOf(flag);
    if (index < 0) return fallback;
    const n = Number(argv[index + 1]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} needs a positive integer`);
    return n;
  };
  const outIndex = argv.indexOf('--out');
  const operationsIndex = argv.indexOf('--operations-out');
  return {
    requests: value('--requests', 10_000),
    connections: value('--connections', 4),
    maxSeconds: value('--max-seconds', 600),
    ...(operationsIndex >= 0 ? { operationsOut: argv[operationsIndex + 1] } : {}),
    ...(argv.includes('--no-write')
      ? {}
      : {
          out:
            outIndex >= 0
              ? argv[outIndex + 1]
              : join(__dirname, '..', '..', 'docs', 'benchmarks', 'load.md'),
        }),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
