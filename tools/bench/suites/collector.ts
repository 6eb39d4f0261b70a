/**
 * The local trace collector (tools/trace-collector), run as users run it (`npm run collector`,
 * its own process). Targets (issue 3): ≥ 20,000 segments/s ingested over loopback UDP with none
 * lost; GetTraceSummaries with a filter over 10,000 stored traces in ≤ 50 ms.
 *
 * 1. UDP: a paced sender blasts valid segment datagrams at rising rates (`--seconds` each) until
 *    one is lost; the highest rate with zero loss is the figure.
 * 2. Query: 10,000 traces (5 documents each) loaded through PutTraceSegments, then each filter
 *    queried `--queries` times with @aws-sdk/client-xray; the first (cold) query is shown apart.
 *
 *   npm run bench -- collector [--seconds=2] [--queries=30] [--record]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { formatMarkdown, recordedReportHeader } from '../lib/report';
import { join } from 'node:path';
import { GetTraceSummariesCommand, PutTraceSegmentsCommand } from '@aws-sdk/client-xray';
import { flag, numberFlag } from '../lib/args';
import { WORKSPACE_ROOT } from '../lib/child-process';
import { formatTable, percentile } from '../lib/stats';
import { runSuite } from '../lib/suite';
import { parseFilterExpression, TraceStore } from '@traced-social/trace-collector';
import {
  benchDatagram,
  blast,
  DOCUMENTS_PER_TRACE,
  Ingestor,
  localXRayClient,
  sampleTrace,
  startCollectorProcess,
  StatsCounter,
  type CollectorProcess,
  type SampleTraceOptions,
} from '@traced-social/trace-collector/testing';

const TARGET_SEGMENTS_PER_SECOND = 20_000;
const TARGET_QUERY_MS = 50;
const RATES = [10_000, 20_000, 30_000, 40_000, 60_000, 80_000, 120_000];
const STORED_TRACES = 10_000;
const FILTERS = [
  'annotation.operationType = "CREATE_POST" AND responsetime > 0.1',
  'service("DynamoDB") { fault } OR http.status >= 500',
  'http.url CONTAINS "/feed" AND !ok',
];

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** The i-th of the stored traces: a mix of routes, statuses, latencies and annotations. */
function storedTraceOptions(i: number, start: number): SampleTraceOptions {
  return {
    start: start + i * 0.15,
    responseTime: 0.05 + (i % 7) * 0.02,
    status: i % 50 === 0 ? 500 : i % 23 === 0 ? 404 : 200,
    method: i % 2 ? 'GET' : 'POST',
    url: i % 2 ? 'http://127.0.0.1:3000/feed' : 'http://127.0.0.1:3000/posts',
    functionName: i % 2 ? 'feed-get' : 'posts-create',
    dynamoFault: i % 97 === 0,
    annotations: { operationType: i % 2 ? 'GET_FEED' : 'CREATE_POST', userId: `user-${i % 300}` },
  };
}

/** CPU time (user + system) of `work`, in milliseconds: unlike wall time, not inflated by load. */
function cpuMs(work: () => void): number {
  const before = process.cpuUsage();
  work();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

interface CpuFigures {
  /** Microseconds of CPU per datagram: parse, validate, assemble, store. */
  ingestMicros: number;
  /** Milliseconds of CPU to compute the facts of all stored traces (the cold query's extra). */
  factsMs: number;
  /** Milliseconds of CPU per filtered query over the stored traces, facts ready (median). */
  queryMs: number;
}

/** The collector's own work, in this process, measured in CPU time. */
function measureCpu(): CpuFigures {
  const epoch = Math.floor(Date.now() / 1000);
  const datagrams = Array.from({ length: STORED_TRACES * DOCUMENTS_PER_TRACE }, (_, i) =>
    benchDatagram(i, epoch, 99),
  );
  const udpStore = new TraceStore(STORED_TRACES);
  const udpIngestor = new Ingestor(udpStore, new StatsCounter());
  udpIngestor.ingestDatagram(datagrams[0]); // warm-up of the code path
  const ingest = cpuMs(() => datagrams.slice(1).forEach((d) => udpIngestor.ingestDatagram(d)));
  udpStore.dispose();

  const store = new TraceStore(STORED_TRACES);
  const ingestor = new Ingestor(store, new StatsCounter());
  const start = Date.now() / 1000 - 1800;
  for (let i = 0; i < STORED_TRACES; i++) {
    sampleTrace(storedTraceOptions(i, start)).documents.forEach((d) => ingestor.ingestDocument(d));
  }
  const filter = parseFilterExpression(FILTERS[0]);
  const factsMs = cpuMs(() => store.summaries({ filter }));
  const samples = Array.from({ length: 20 }, () => cpuMs(() => store.summaries({ filter })));
  store.dispose();
  return {
    ingestMicros: (ingest * 1000) / (datagrams.length - 1),
    factsMs,
    queryMs: percentile(samples, 50),
  };
}

interface RateStep {
  rate: number;
  sent: number;
  received: number;
  achieved: number;
}

/** Waits until the collector's accepted count stops moving (the datagrams in flight landed). */
async function settledAccepted(collector: CollectorProcess, expected: number): Promise<number> {
  let last = -1;
  let still = 0;
  for (let polls = 0; polls < 200; polls++) {
    const { accepted } = await collector.stats();
    if (accepted >= expected) return accepted;
    still = accepted === last ? still + 1 : 0;
    if (still >= 5) return accepted;
    last = accepted;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return last;
}

async function measureUdp(seconds: number): Promise<RateStep[]> {
  const collector = await startCollectorProcess(['--max-traces', String(STORED_TRACES)]);
  const steps: RateStep[] = [];
  try {
    let firstIndex = 0;
    let accepted = 0;
    for (const [run, rate] of RATES.entries()) {
      process.stdout.write(`UDP ${rate.toLocaleString('en')} segments/s for ${seconds} s ... `);
      const result = await blast(collector.udpAddress, { rate, seconds, firstIndex, run });
      firstIndex += result.sent;
      const now = await settledAccepted(collector, accepted + result.sent);
      const step = {
        rate,
        sent: result.sent,
        received: now - accepted,
        achieved: result.sent / (result.elapsedMs / 1000),
      };
      accepted = now;
      steps.push(step);
      console.log(`${step.received}/${step.sent} received`);
      if (step.received < step.sent) break;
    }
    const { rejected } = await collector.stats();
    if (rejected) throw new Error(`the collector rejected ${rejected} benchmark datagrams`);
  } finally {
    await collector.stop();
  }
  return steps;
}

interface QueryFigures {
  filter: string;
  coldMs: number;
  p50Ms: number;
  p95Ms: number;
  matched: number;
  scanned: number;
}

async function measureQueries(queries: number): Promise<QueryFigures[]> {
  const collector = await startCollectorProcess(['--max-traces', String(STORED_TRACES)]);
  const client = localXRayClient(collector.url);
  const figures: QueryFigures[] = [];
  try {
    process.stdout.write(`loading ${STORED_TRACES.toLocaleString('en')} traces ... `);
    const start = Date.now() / 1000 - 1800;
    let batch: string[] = [];
    for (let i = 0; i < STORED_TRACES; i++) {
      const trace = sampleTrace(storedTraceOptions(i, start));
      batch.push(...trace.documents.map((d) => JSON.stringify(d)));
      if (batch.length >= 500 || i === STORED_TRACES - 1) {
        const result = await client.send(
          new PutTraceSegmentsCommand({ TraceSegmentDocuments: batch }),
        );
        if (result.UnprocessedTraceSegments?.length)
          throw new Error('benchmark segments were refused');
        batch = [];
      }
    }
    const stats = await collector.stats();
    console.log(`${stats.traces} traces, ${stats.accepted} documents`);
    // As after a burst of requests: the collector computes trace facts once ingestion pauses.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const window = { StartTime: new Date((start - 60) * 1000), EndTime: new Date() };
    for (const filter of FILTERS) {
      const timed = async () => {
        const t0 = performance.now();
        const page = await client.send(
          new GetTraceSummariesCommand({ ...window, FilterExpression: filter }),
        );
        return { ms: performance.now() - t0, page };
      };
      const cold = await timed();
      const samples: number[] = [];
      for (let i = 0; i < queries; i++) samples.push((await timed()).ms);
      figures.push({
        filter,
        coldMs: cold.ms,
        p50Ms: percentile(samples, 50),
        p95Ms: percentile(samples, 95),
        matched: cold.page.TraceSummaries?.length ?? 0,
        scanned: cold.page.TracesProcessedCount ?? 0,
      });
      console.log(`${filter}: p50 ${percentile(samples, 50).toFixed(1)} ms`);
    }
  } finally {
    client.destroy();
    await collector.stop();
  }
  return figures;
}

function renderReport(
  steps: RateStep[],
  queries: QueryFigures[],
  cpu: CpuFigures,
  settings: { seconds: number; queries: number },
): string {
  const perCore = 1e6 / cpu.ingestMicros;
  const lossless = steps.filter((s) => s.received === s.sent);
  // A step counts at the rate asked when the paced sender kept it (within 1 %).
  const effective = (s: RateStep) => (s.achieved >= s.rate * 0.99 ? s.rate : s.achieved);
  const best = lossless.length ? Math.max(...lossless.map(effective)) : 0;
  const worstP95 = Math.max(...queries.map((q) => q.p95Ms));
  const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');
  const udpTable = formatTable(
    ['asked (segments/s)', 'achieved (segments/s)', 'sent', 'received', 'lost'],
    steps.map((s) => [
      s.rate.toLocaleString('en'),
      Math.round(s.achieved).toLocaleString('en'),
      s.sent.toLocaleString('en'),
      s.received.toLocaleString('en'),
      (s.sent - s.received).toLocaleString('en'),
    ]),
  );
  const queryTable = formatTable(
    ['filter', 'first query (ms)', 'p50 (ms)', 'p95 (ms)', 'page / scanned'],
    queries.map((q) => [
      `\`${q.filter}\``,
      q.coldMs.toFixed(1),
      q.p50Ms.toFixed(1),
      q.p95Ms.toFixed(1),
      `${q.matched} / ${q.scanned}`,
    ]),
  );
  return [
    `## UDP ingest on loopback (${settings.seconds} s per step; rising until a datagram is lost)`,
    '',
    udpTable,
    '',
    `Highest rate with zero loss: **${Math.round(best).toLocaleString('en')} segments/s**, ` +
      `target ≥ ${TARGET_SEGMENTS_PER_SECOND.toLocaleString('en')}: ${(best / TARGET_SEGMENTS_PER_SECOND).toFixed(2)}× the target, ${verdict(best >= TARGET_SEGMENTS_PER_SECOND)}.` +
      (lossless.length === steps.length
        ? ' (No step lost anything: the sender, not the collector, is the limit.)'
        : ''),
    '',
    `CPU cost of ingest (in-process, ${(STORED_TRACES * DOCUMENTS_PER_TRACE).toLocaleString('en')} datagrams: parse, validate, assemble, store): ` +
      `**${cpu.ingestMicros.toFixed(1)} µs per segment**, i.e. ${Math.round(perCore).toLocaleString('en')} segments/s for one core, ` +
      `${(perCore / TARGET_SEGMENTS_PER_SECOND).toFixed(1)}× the target. The loopback figure above is lower when other processes take the cores (see the load average).`,
    '',
    `## GetTraceSummaries over ${STORED_TRACES.toLocaleString('en')} stored traces (@aws-sdk/client-xray, ${settings.queries} queries per filter)`,
    '',
    queryTable,
    '',
    `Worst p95: **${worstP95.toFixed(1)} ms**, target ≤ ${TARGET_QUERY_MS} ms: ${(worstP95 / TARGET_QUERY_MS).toFixed(2)}× the budget, ${verdict(worstP95 <= TARGET_QUERY_MS)}. ` +
      'Queries start 2 s after the load, once the collector has precomputed the trace facts; the first query of each filter also parses the expression.',
    '',
    `CPU cost in the collector (in-process, CPU time): a filtered query over ${STORED_TRACES.toLocaleString('en')} traces with facts ready ` +
      `**${cpu.queryMs.toFixed(1)} ms** (median of 20), ${(cpu.queryMs / TARGET_QUERY_MS).toFixed(2)}× the budget; ` +
      `computing the facts of all ${STORED_TRACES.toLocaleString('en')} traces (what a query pays if it comes before they are precomputed): ${cpu.factsMs.toFixed(0)} ms.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const seconds = numberFlag(args, 'seconds', 2);
  const queries = numberFlag(args, 'queries', 30);
  const record = flag(args, 'record') === 'true';
  process.stdout.write('CPU cost of ingest and queries, in-process ... ');
  const cpu = measureCpu();
  console.log(`${cpu.ingestMicros.toFixed(1)} µs/segment, ${cpu.queryMs.toFixed(1)} ms/query`);
  const steps = await measureUdp(seconds);
  const figures = await measureQueries(queries);
  const report = renderReport(steps, figures, cpu, { seconds, queries });
  console.log(`\n${report}`);
  if (record) {
    const dir = join(WORKSPACE_ROOT, 'docs/benchmarks');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'collector.md');
    writeFileSync(
      file,
      await formatMarkdown(
        file,
        [
          recordedReportHeader('the local trace collector (tools/trace-collector)', 'collector'),
          `Each segment is one datagram of about 450 bytes; traces have ${DOCUMENTS_PER_TRACE} documents. The collector runs in its own process, started by \`npm run collector\`, keeping ${STORED_TRACES.toLocaleString('en')} traces.`,
          '',
          report,
          '',
        ].join('\n'),
      ),
    );
    console.log(`\nrecorded in ${file}`);
  }
}

runSuite(main);
