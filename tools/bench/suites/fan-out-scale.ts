/**
 * Fan-out at any follower count (issue 14, decision 1420): an author with 1,000,000 followers
 * (follow edges written straight into the emulator with BatchWriteItem, not through the API).
 *
 * - Fan-out work per invocation: the consumer's invocation for one POST_CREATED of that author,
 *   hybrid (the author is past the pull threshold: not fanned out) beside push only
 *   (`FANOUT_PULL_THRESHOLD=off`, a bounded step, then one run of the resumer), in the same run:
 *   feeds written, DynamoDB calls, wall time, and the invocations a whole fan-out needs.
 * - Read cost: GET /feed of a reader following the 1M-follower author and `--pull-authors` more
 *   pull authors (their marks written straight), beside a reader whose feed holds the same posts
 *   pushed: DynamoDB calls and wall time per read (a warm function instance, cache miss then hits).
 *
 * The handlers run in this process as Lambda would (`@traced-social/http/testing`: dynalite,
 * kinesalite, a segment capture, a real Redis); a counting proxy in front of dynalite counts the
 * calls they send. Ratios are hybrid ÷ push only.
 *
 *   npm run bench -- fan-out-scale [--followers=1000000] [--pull-authors=4] [--posts=20]
 *     [--reads=30] [--record]
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import {
  batchWriteWithRetries,
  closeRedisClients,
  type WriteRequest,
} from '@traced-social/aws-clients';
import { kinesisEventOf, seedItems } from '@traced-social/aws-clients/testing';
import { createEvent, type EventOf } from '@traced-social/events';
import { apiEvent, startApiTestbed, testAccessToken } from '@traced-social/http/testing';
import { startTestRedis } from '@traced-social/local-redis';
import { expectTrace, invokeAsLambda } from '@traced-social/observability/testing';
import { feedPartition, followEdgeItem } from '@traced-social/tables';
import { newSegmentId, newTraceId } from '@traced-social/trace-model';
import { flag, numberFlag } from '../lib/args';
import { WORKSPACE_ROOT } from '../lib/child-process';
import { startDynamoDbCallCounter } from '../fan-out-scale/dynamodb-call-counter';
import { printReport } from '../lib/report';
import { formatTable } from '../lib/stats';
import { runSuite } from '../lib/suite';

const FEED = join(WORKSPACE_ROOT, 'apps/feed/src/handlers');
const fanOutHandler = join(FEED, 'fan-out-events.ts');
const resumeHandler = join(FEED, 'resume-fan-out.ts');
const getFeedHandler = join(FEED, 'get-feed.ts');

interface Work {
  feeds: number;
  calls: number;
  seconds: number;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

/** What one reader's GET /feed costs: a miss, the mean of cached reads, the second page. */
interface ReadCost {
  posts: number;
  missCalls: number;
  missMs: number;
  hitCalls: number;
  hitMs: number;
  secondPageCalls: number;
}

/** A row of the read-cost table. */
function readCostRow(reader: string, cost: ReadCost): Array<string | number> {
  return [
    reader,
    cost.posts,
    cost.missCalls,
    cost.missMs.toFixed(1),
    cost.hitCalls.toFixed(1),
    cost.hitMs.toFixed(1),
    cost.secondPageCalls,
  ];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const followers = numberFlag(args, 'followers', 1_000_000);
  const pullAuthors = numberFlag(args, 'pull-authors', 4);
  const posts = numberFlag(args, 'posts', 20);
  const reads = numberFlag(args, 'reads', 30);
  const record = flag(args, 'record') === 'true';

  const testbed = await startApiTestbed('feed');
  const redis = await startTestRedis();
  const counter = await startDynamoDbCallCounter(testbed.env.AWS_ENDPOINT_URL_DYNAMODB);
  const env = {
    ...testbed.env,
    AWS_ENDPOINT_URL_DYNAMODB: counter.endpoint,
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: `bench-${randomUUID()}:`,
    LOG_LEVEL: 'ERROR',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  };
  const { dynamodb, tableName } = testbed.aws;
  let clock = Date.parse('2026-11-27T08:00:00.000Z');
  const postOf = (authorId: string, text: string): EventOf<'POST_CREATED'> => {
    clock += 1000;
    return {
      ...createEvent('POST_CREATED', {
        postId: randomUUID(),
        authorId,
        text,
        createdAt: new Date(clock).toISOString(),
      }),
      traceContext: `Root=${newTraceId()};Parent=${newSegmentId()};Sampled=1`,
    };
  };
  /** One consumer invocation for `events`: its wall time, DynamoDB calls and feeds written. */
  const consume = async (events: EventOf<'POST_CREATED'>[], extra: Record<string, string>) => {
    counter.take();
    const started = performance.now();
    const invocation = await invokeAsLambda({
      capture: testbed.capture,
      handler: fanOutHandler,
      serviceName: 'feed',
      functionName: 'feed-fan-out-events',
      env: { ...env, ...extra },
      event: kinesisEventOf(events),
    });
    const seconds = (performance.now() - started) / 1000;
    if (invocation.error) throw invocation.error;
    const calls = sum(counter.take());
    let feeds = 0;
    for (const event of events) {
      const root = /Root=([^;]+)/.exec(event.traceContext ?? '')?.[1] ?? '';
      const trace = expectTrace(await testbed.capture.waitForTrace(root));
      for (const node of trace.nodes('WriteFeedBatch')) {
        feeds += (node.metadata('batchWrite') as { requests: number }).requests;
      }
    }
    return { feeds, calls, seconds };
  };

  try {
    // --- followers, written straight into the emulator ---
    const celebrity = `celebrity-${randomUUID()}`;
    const reader = { userId: `reader-${randomUUID()}`, username: 'reader' };
    const pushReader = { userId: `push-reader-${randomUUID()}`, username: 'push-reader' };
    const edge = (followerId: string, followeeId: string): WriteRequest => ({
      PutRequest: { Item: followEdgeItem(followerId, followeeId, new Date().toISOString()) },
    });
    const writeSeconds = await seedItems({
      client: dynamodb,
      tableName: tableName('follows'),
      count: followers,
      itemAt: (i) =>
        followEdgeItem(i === 0 ? reader.userId : `fan-${i}`, celebrity, new Date().toISOString()),
      log: (line) => console.log(line),
      label: 'follow edges',
    });

    // --- fan-out work per invocation: push only (baseline), then hybrid ---
    const pushFirst = await consume([postOf(celebrity, 'push only')], {
      FANOUT_PULL_THRESHOLD: 'off',
    });
    counter.take();
    const resumeStarted = performance.now();
    const resumed = await invokeAsLambda<unknown, { steps: number }>({
      capture: testbed.capture,
      handler: resumeHandler,
      serviceName: 'feed',
      functionName: 'feed-resume-fan-out',
      env: { ...env, FANOUT_PULL_THRESHOLD: 'off', FANOUT_STEPS_PER_RESUME: '1' },
      event: {},
    });
    if (resumed.error) throw resumed.error;
    const pushResume: Work = {
      feeds: 2_000,
      calls: sum(counter.take()),
      seconds: (performance.now() - resumeStarted) / 1000,
    };
    const hybrid = await consume([postOf(celebrity, 'hybrid')], {});
    const perStep = pushFirst.feeds;
    const pushInvocations = 1 + Math.ceil((followers + 1 - perStep) / 2_000);

    // --- read cost: a reader following pull authors, beside the same posts pushed ---
    const others = Array.from({ length: pullAuthors }, (_, i) => `pull-${i}-${randomUUID()}`);
    for (const author of others) {
      await dynamodb.send(
        new PutCommand({
          TableName: tableName('feeds'),
          Item: { pk: 'PULL#AUTHORS', sk: author, markedAt: new Date().toISOString() },
        }),
      );
    }
    await batchWriteWithRetries(
      tableName('follows'),
      others.map((author) => edge(reader.userId, author)),
      { client: dynamodb },
    );
    const shown: EventOf<'POST_CREATED'>[] = [];
    for (let i = 0; i < posts; i++) {
      for (const author of [celebrity, ...others]) shown.push(postOf(author, `post ${i}`));
    }
    for (let i = 0; i < shown.length; i += 8) await consume(shown.slice(i, i + 8), {});
    // The push-only reader's feed: the same posts, as a fan-out would have written them.
    await batchWriteWithRetries(
      tableName('feeds'),
      [...shown].map((event) => ({
        PutRequest: {
          Item: {
            pk: feedPartition(pushReader.userId),
            sk: `${event.payload.createdAt}#${event.payload.postId}`,
            ...event.payload,
          },
        },
      })),
      { client: dynamodb },
    );

    const readCost = async (user: { userId: string; username: string }): Promise<ReadCost> => {
      const token = await testAccessToken(user);
      const instance = await testbed.start(getFeedHandler, {
        ...env,
        AWS_ENDPOINT_URL_DYNAMODB: counter.endpoint,
      });
      const event = (cursor?: string) =>
        apiEvent({
          method: 'GET',
          resource: '/feed',
          token,
          query: { limit: '20', ...(cursor ? { cursor } : {}) },
        });
      try {
        const timed = async (cursor?: string) => {
          counter.take();
          const started = performance.now();
          const { result } = await instance.invoke(event(cursor));
          const ms = performance.now() - started;
          if (result?.statusCode !== 200)
            throw new Error(`GET /feed answered ${result?.statusCode}`);
          const body = JSON.parse(result.body) as { posts: unknown[]; nextCursor?: string };
          return { ms, calls: sum(counter.take()), body };
        };
        const miss = await timed();
        const hits = [];
        for (let i = 0; i < reads; i++) hits.push(await timed());
        const second = await timed(miss.body.nextCursor);
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        return {
          missMs: miss.ms,
          missCalls: miss.calls,
          hitMs: mean(hits.map((h) => h.ms)),
          hitCalls: mean(hits.map((h) => h.calls)),
          secondPageCalls: second.calls,
          posts: miss.body.posts.length,
        };
      } finally {
        instance.close();
      }
    };
    const pulledRead = await readCost(reader);
    const pushedRead = await readCost(pushReader);

    const ratio = (a: number, b: number) => (b === 0 ? '—' : (a / b).toFixed(2));
    const report = [
      `An author with ${followers.toLocaleString('en')} followers (edges written straight into dynalite in ${writeSeconds.toFixed(0)} s); handlers in this process as Lambda runs them, a real Redis, DynamoDB calls counted at a proxy in front of dynalite. Default limits: 4 pages of 500 followers a step, pull from 10,000 followers.`,
      '',
      '**Fan-out work per invocation** (one POST_CREATED of the author)',
      '',
      formatTable(
        [
          'invocation',
          'feeds written',
          'DynamoDB calls',
          'seconds',
          'invocations for the whole fan-out',
        ],
        [
          [
            'push only: consumer (first step)',
            pushFirst.feeds,
            pushFirst.calls,
            pushFirst.seconds.toFixed(2),
            pushInvocations.toLocaleString('en'),
          ],
          [
            'push only: one resumer step',
            pushResume.feeds,
            pushResume.calls,
            pushResume.seconds.toFixed(2),
            '',
          ],
          [
            'hybrid: consumer (author pulled)',
            hybrid.feeds,
            hybrid.calls,
            hybrid.seconds.toFixed(2),
            '1',
          ],
          [
            'hybrid ÷ push only (consumer)',
            ratio(hybrid.feeds, pushFirst.feeds),
            ratio(hybrid.calls, pushFirst.calls),
            ratio(hybrid.seconds, pushFirst.seconds),
            ratio(1, pushInvocations),
          ],
        ],
      ),
      '',
      `Push only, the whole fan-out is ${(followers + 1).toLocaleString('en')} feed writes in ${pushInvocations.toLocaleString('en')} bounded invocations (each like the rows above); hybrid, one write (the author's own feed). No invocation of either does more than one step.`,
      '',
      `**Read cost of GET /feed** (limit 20) for a reader following the ${followers.toLocaleString('en')}-follower author and ${pullAuthors} other pull authors (${posts} posts each, ${shown.length} in all), beside a reader whose feed holds the same ${shown.length} posts pushed; warm instance, mean of ${reads} cached reads`,
      '',
      formatTable(
        [
          'reader',
          'posts on page 1',
          'miss: DynamoDB calls',
          'miss: ms',
          'hit: DynamoDB calls',
          'hit: ms',
          'page 2: DynamoDB calls',
        ],
        [
          readCostRow('push only (baseline)', pushedRead),
          readCostRow(`hybrid (${1 + pullAuthors} pull authors)`, pulledRead),
          [
            'hybrid ÷ push only',
            '',
            ratio(pulledRead.missCalls, pushedRead.missCalls),
            ratio(pulledRead.missMs, pushedRead.missMs),
            ratio(pulledRead.hitCalls, pushedRead.hitCalls),
            ratio(pulledRead.hitMs, pushedRead.hitMs),
            ratio(pulledRead.secondPageCalls, pushedRead.secondPageCalls),
          ],
        ],
      ),
      '',
      "The baseline reader follows no pull author: a cached read costs the one BatchGetItem that checks its edges to the pull authors (the list of pull authors is reused by the instance for a minute). A hybrid read adds one Query per followed pull author, whatever their follower counts. The hybrid reader's page 1 also holds the author's two posts of the fan-out rows above (one pushed, one pulled).",
    ].join('\n');
    await printReport(
      report,
      record,
      'fan-out-scale',
      'fan-out at any follower count (push only vs hybrid)',
    );
  } finally {
    // The handlers ran in this process: their Redis connections would keep it alive.
    await closeRedisClients();
    await counter.stop();
    await redis.stop();
    await testbed.stop();
  }
}

runSuite(main);
