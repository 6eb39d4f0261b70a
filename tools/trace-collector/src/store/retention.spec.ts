import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetTracesCommand } from '@aws-sdk/client-xray';
import { startCollector } from '../collector';
import { allSummaries, eventually, localXRayClient, sampleTrace, sendDatagrams } from '../testing';

describe('bounded memory', () => {
  it('keeps the newest maxTraces traces and counts the evicted ones', async () => {
    const collector = await startCollector({ port: 0, maxTraces: 5 });
    const client = localXRayClient(collector.url);
    try {
      const traces = Array.from({ length: 8 }, () => sampleTrace());
      for (const trace of traces) collector.ingest(trace.gateway);
      expect(collector.store.size).toBe(5);
      expect(collector.stats()).toMatchObject({ evicted: 3, traces: 5, accepted: 8 });

      const result = await client.send(
        new BatchGetTracesCommand({ TraceIds: traces.map((t) => t.traceId) }),
      );
      expect(result.UnprocessedTraceIds).toEqual(traces.slice(0, 3).map((t) => t.traceId));
      expect(result.Traces?.map((t) => t.Id)).toEqual(traces.slice(3).map((t) => t.traceId));
    } finally {
      client.destroy();
      await collector.close();
    }
  });

  it('refuses a maxTraces that is not a positive integer', async () => {
    await expect(startCollector({ port: 0, maxTraces: 0 })).rejects.toThrow(
      'maxTraces must be a positive integer, got 0',
    );
  });
});

describe('persistence to a JSON-lines file', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trace-collector-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps traces across a restart, skipping unreadable lines', async () => {
    const file = join(dir, 'traces.jsonl');
    const traces = [sampleTrace({ annotations: { operationType: 'CREATE_POST' } }), sampleTrace()];
    const first = await startCollector({ port: 0, persistFile: file });
    await sendDatagrams(
      first.udpAddress,
      traces.flatMap((t) => t.documents),
    );
    await Promise.all(
      traces.map((t) =>
        first.store.waitForTrace(t.traceId, { predicate: (a) => a.segments.length === 3 }),
      ),
    );
    await first.close();
    // A torn line, as a crash in the middle of a write leaves it.
    await appendFile(file, '{"receivedAt":1,"document":{"id":"tor');

    const second = await startCollector({ port: 0, persistFile: file });
    const client = localXRayClient(second.url);
    try {
      expect(second.restored).toEqual({ loaded: 10, skipped: 1 });
      const found = await allSummaries(client, {
        FilterExpression: 'annotation.operationType = "CREATE_POST"',
      });
      expect(found.map((s) => s.Id)).toEqual([traces[0].traceId]);
      const again = second.store.getTrace(traces[1].traceId);
      expect(again?.segments.map((s) => s.origin)).toEqual([
        'AWS::ApiGateway::Stage',
        'AWS::Lambda',
        'AWS::Lambda::Function',
      ]);
      // The file was rewritten on start: ten lines, the torn one gone.
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(lines).toHaveLength(10);
    } finally {
      client.destroy();
      await second.close();
    }
  });

  it('reports a failing persistence file and keeps collecting', async () => {
    const file = join(dir, 'gone', 'traces.jsonl');
    const lines: string[] = [];
    const collector = await startCollector({
      port: 0,
      persistFile: file,
      log: (l) => lines.push(l),
    });
    await rm(join(dir, 'gone'), { recursive: true, force: true });
    const traces = [sampleTrace(), sampleTrace()];
    collector.ingest(traces[0].gateway);
    await eventually(() => lines.length > 0, 'the persistence error reported');
    expect(lines[0]).toMatch(
      new RegExp(`^trace collector: persistence to ${file} stopped: ENOENT`),
    );
    expect(collector.ingest(traces[1].gateway).ok).toBe(true);
    expect(collector.store.size).toBe(2);
    await collector.close();
  });

  it('writes only the traces kept when maxTraces is lower on the next start', async () => {
    const file = join(dir, 'traces.jsonl');
    const first = await startCollector({ port: 0, persistFile: file });
    const traces = Array.from({ length: 4 }, () => sampleTrace());
    for (const trace of traces) first.ingest(trace.gateway);
    await first.close();

    const second = await startCollector({ port: 0, persistFile: file, maxTraces: 2 });
    try {
      expect(second.store.traceIds()).toEqual(traces.slice(2).map((t) => t.traceId));
      const lines = (await readFile(file, 'utf8')).trim().split('\n');
      expect(
        lines.map((l) => (JSON.parse(l) as { document: { trace_id: string } }).document.trace_id),
      ).toEqual(traces.slice(2).map((t) => t.traceId));
    } finally {
      await second.close();
    }
  });
});
