/**
 * How fast the posts outbox drains against the local cloud (issue 14, decision 1404): a backlog of
 * POST_CREATED events left pending (what an hour of Kinesis trouble leaves) is written straight
 * into the posts table, then the scheduled `relay-outbox` function is invoked, run after run,
 * until the outbox is empty. Baseline, in the same run and against the same emulators: the work
 * the relay did per event before (one PutRecord, then one UpdateItem clearing the entry), over a
 * smaller backlog. Prints events/s of each, their ratio, and the time and runs the 36,000-event
 * backlog took (the old relay published 10 events a run: 60 hours for it).
 *
 *   npm run bench -- outbox-drain [--backlog=36000] [--baseline=1000] [--record]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { batchWriteWithRetries } from '@traced-social/aws-clients';
import { countItems } from '@traced-social/aws-clients/testing';
import { createEvent, encodeEvent, partitionKeyOf } from '@traced-social/events';
import {
  loadApp,
  startLocalCloud,
  type LoadedApp,
  type LocalCloud,
} from '@traced-social/local-cloud';
import {
  OUTBOX_PARTITIONS,
  pendingOutboxEntry,
  postItemKey,
  type PostItem,
} from '@traced-social/tables';
import { flag, numberFlag } from '../lib/args';
import { WORKSPACE_ROOT } from '../lib/child-process';
import { printReport } from '../lib/report';
import { formatTable } from '../lib/stats';
import { runSuite } from '../lib/suite';

/** The posts app's scheduled outbox relay. */
const RELAY = 'relay-outbox';

interface Clients {
  dynamodb: DynamoDBDocumentClient;
  kinesis: KinesisClient;
  postsTable: string;
  stream: string;
}

/** How many backlog items are written between two progress lines. */
const WRITE_PROGRESS_EVERY = 4_000;

/**
 * `count` live posts whose POST_CREATED is still in the outbox, written in batches of 25 (a
 * progress line every WRITE_PROGRESS_EVERY items: 36,000 take minutes to write into dynalite).
 */
async function writeBacklog(clients: Clients, count: number): Promise<PostItem[]> {
  const items = Array.from({ length: count }, (_, i): PostItem => {
    const postId = randomUUID();
    const createdAt = new Date(Date.now() - (count - i)).toISOString();
    const event = createEvent('POST_CREATED', {
      postId,
      authorId: `author-${i % 100}`,
      createdAt,
      text: `backlog post ${i}`,
    });
    return {
      ...postItemKey(postId),
      ...pendingOutboxEntry(postId, event),
      status: 'active',
      postId,
      authorId: `author-${i % 100}`,
      text: `backlog post ${i}`,
      createdAt,
    };
  });
  const started = performance.now();
  for (let from = 0; from < count; from += WRITE_PROGRESS_EVERY) {
    const chunk = items.slice(from, from + WRITE_PROGRESS_EVERY);
    await batchWriteWithRetries(
      clients.postsTable,
      chunk.map((Item) => ({ PutRequest: { Item } })),
      { client: clients.dynamodb },
    );
    const written = from + chunk.length;
    console.log(`  written ${written}/${count} (${secondsSince(started).toFixed(0)} s)`);
  }
  return items;
}

const secondsSince = (started: number): number => (performance.now() - started) / 1000;

async function pendingCount(clients: Clients): Promise<number> {
  let total = 0;
  for (const partition of OUTBOX_PARTITIONS) {
    total += await countItems(clients.dynamodb, {
      TableName: clients.postsTable,
      IndexName: 'outbox',
      KeyConditionExpression: 'outboxpk = :p',
      ExpressionAttributeValues: { ':p': partition },
    });
  }
  return total;
}

/** The relay's work per event before issue 14: one PutRecord, then one UpdateItem clearing it. */
async function drainOneByOne(clients: Clients, items: PostItem[]): Promise<number> {
  const started = performance.now();
  for (const item of items) {
    const [eventId, json] = Object.entries(item.pendingEvents ?? {})[0];
    const event = JSON.parse(json);
    await clients.kinesis.send(
      new PutRecordCommand({
        StreamName: clients.stream,
        PartitionKey: partitionKeyOf(event),
        Data: encodeEvent(event),
      }),
    );
    await clients.dynamodb.send(
      new UpdateCommand({
        TableName: clients.postsTable,
        Key: postItemKey(item.postId),
        UpdateExpression: 'REMOVE pendingEvents.#id, outboxpk, outboxsk',
        ExpressionAttributeNames: { '#id': eventId },
      }),
    );
  }
  return secondsSince(started);
}

interface RelayRun {
  published: number;
  rounds: number;
  seconds: number;
}

/** Each run's figures when there are a few; their ranges when there are many. */
function describeRuns(runs: RelayRun[]): string {
  if (runs.length <= 4)
    return runs
      .map((r) => `${r.published} events in ${r.rounds} rounds, ${r.seconds.toFixed(1)} s`)
      .join('; ');
  const range = (values: number[], digits = 0) =>
    `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
  return `each ${range(runs.map((r) => r.published))} events in ${range(runs.map((r) => r.rounds))} rounds, ${range(
    runs.map((r) => r.seconds),
    1,
  )} s`;
}

/** Invokes the scheduled relay, run after run, until the outbox is empty (a line per run). */
async function drainWithRelay(
  cloud: LocalCloud,
  clients: Clients,
  backlog: number,
): Promise<RelayRun[]> {
  const runs: RelayRun[] = [];
  const drainStarted = performance.now();
  for (;;) {
    const started = performance.now();
    const outcome = await cloud.invoke(`posts-${RELAY}`, {});
    if (!outcome.ok) throw new Error(`relay-outbox failed: ${JSON.stringify(outcome)}`);
    const report = outcome.value as { published: number; failed: number; rounds: number };
    if (report.failed) throw new Error(`Kinesis refused ${report.failed} records`);
    const run = {
      published: report.published,
      rounds: report.rounds,
      seconds: secondsSince(started),
    };
    runs.push(run);
    const pending = await pendingCount(clients);
    const drained = runs.reduce((n, r) => n + r.published, 0);
    console.log(
      `  run ${runs.length}: ${run.published} events in ${run.rounds} rounds, ${run.seconds.toFixed(1)} s; ` +
        `${drained}/${backlog} published, ${pending} pending, ${secondsSince(drainStarted).toFixed(0)} s so far`,
    );
    if (pending === 0) return runs;
    if (run.published === 0) throw new Error(`The outbox does not drain: ${pending} pending`);
  }
}

/**
 * The posts app with the relay's one-minute schedule pushed to a day: the bench invokes the relay
 * itself, run after run, and a scheduled run beside them would be a second relay draining the
 * same outbox (runs never overlap when deployed), its events counted by neither.
 */
function relayWithoutSchedule(posts: LoadedApp): LoadedApp {
  const functions = posts.manifest.functions.map((fn) =>
    fn.name === RELAY
      ? { ...fn, trigger: { type: 'schedule' as const, expression: 'rate(1 day)' } }
      : fn,
  );
  return { ...posts, manifest: { ...posts.manifest, functions } };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const backlog = numberFlag(args, 'backlog', 36_000);
  const baselineCount = numberFlag(args, 'baseline', 1_000);
  const record = flag(args, 'record') === 'true';
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-outbox-'));
  const cloud = await startLocalCloud({
    workspaceRoot: WORKSPACE_ROOT,
    dataDir,
    ports: 'random',
    apps: [relayWithoutSchedule(loadApp(join(WORKSPACE_ROOT, 'apps', 'posts')))],
  });
  const { env } = cloud;
  const config = {
    region: env.AWS_REGION,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
  };
  const clients: Clients = {
    dynamodb: DynamoDBDocumentClient.from(
      new DynamoDBClient({ ...config, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    ),
    kinesis: new KinesisClient({
      ...config,
      endpoint: env.AWS_ENDPOINT_URL_KINESIS,
      requestHandler: new NodeHttpHandler(),
    }),
    postsTable: cloud.names.table('posts'),
    stream: cloud.names.stream('events'),
  };
  try {
    console.log(`writing a baseline backlog of ${baselineCount} events…`);
    const baselineItems = await writeBacklog(clients, baselineCount);
    console.log('draining it one event at a time…');
    const baselineSeconds = await drainOneByOne(clients, baselineItems);
    const baselineRate = baselineCount / baselineSeconds;

    console.log(`writing a backlog of ${backlog} events…`);
    await writeBacklog(clients, backlog);
    console.log('draining with relay-outbox…');
    const runs = await drainWithRelay(cloud, clients, backlog);
    const seconds = runs.reduce((s, r) => s + r.seconds, 0);
    const published = runs.reduce((n, r) => n + r.published, 0);
    const rate = published / seconds;
    const report = [
      `Against the local cloud (dynalite and kinesalite behind its DynamoDB proxy, the relay in its Lambda worker), one machine shared with the rest of the run. Baseline: the per-event work of the relay before issue 14 (PutRecord + UpdateItem per event) over ${baselineCount} events.`,
      '',
      formatTable(
        ['drain', 'events', 'seconds', 'events/s', '÷ baseline'],
        [
          [
            'per event (baseline)',
            String(baselineCount),
            baselineSeconds.toFixed(1),
            baselineRate.toFixed(0),
            '1.00',
          ],
          [
            'relay-outbox (PutRecords, 8+1 partitions)',
            String(published),
            seconds.toFixed(1),
            rate.toFixed(0),
            (rate / baselineRate).toFixed(2),
          ],
        ],
      ),
      '',
      `The ${backlog}-event backlog drained in ${seconds.toFixed(1)} s (${(seconds / 60).toFixed(1)} minutes) of relay time over ${runs.length} run(s) (${describeRuns(runs)}); deployed, runs come every minute, each within its 45 s budget, so the drain takes about ${runs.length} minutes. The relay before issue 14 published 10 events a run: ${(backlog / 10 / 60).toFixed(0)} hours for the same backlog.`,
      ...(backlog === 36_000
        ? []
        : [
            '',
            `At ${rate.toFixed(0)} events/s a 36,000-event backlog (an hour of Kinesis trouble at 10 posts/s) takes about ${(36_000 / rate / 60).toFixed(1)} minutes of relay time, ${Math.ceil(36_000 / rate / 45)} scheduled runs (the old relay: 60 hours).`,
          ]),
    ].join('\n');
    await printReport(
      report,
      record,
      'outbox-drain',
      'how fast the posts outbox drains (relay-outbox)',
    );
  } finally {
    clients.dynamodb.destroy();
    clients.kinesis.destroy();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

runSuite(main);
