import { createSocket } from 'node:dgram';
import {
  BatchGetTracesCommand,
  GetSamplingRulesCommand,
  GetSamplingTargetsCommand,
  GetServiceGraphCommand,
  GetTraceSummariesCommand,
  PutTraceSegmentsCommand,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { DAEMON_HEADER, newTraceId, type SegmentDocument } from '@traced-social/trace-model';
import { setDaemonAddress } from 'aws-xray-sdk-core';
import { startCollector, type Collector } from './collector';
import { MAX_DOCUMENTS_PER_TRACE } from './ingest/ingestor';
import { collectorPerTest } from './testing/collector-per-test';
import {
  allSummaries,
  eventually,
  localXRayClient,
  sampleTrace,
  sendDatagrams,
  type SampleTrace,
} from './testing';

const json = (document: SegmentDocument) => JSON.stringify(document);

/** The X-Ray SDK's own client of the daemon's sampling proxy (not part of its typed API). */
interface SdkRule {
  getName(): string;
}
const sdkServiceConnector =
  require('aws-xray-sdk-core/dist/lib/middleware/sampling/service_connector') as {
    fetchSamplingRules(callback: (error: Error | null, rules: SdkRule[]) => void): void;
    fetchTargets(
      rules: SdkRule[],
      callback: (
        error: Error | null,
        targets: Record<string, { rate: number; quota: number }>,
      ) => void,
    ): void;
  };

describe('trace collector, queried with @aws-sdk/client-xray', () => {
  const local = collectorPerTest();

  it('binds UDP and HTTP on one port number', () => {
    expect(local.collector.udpAddress).toBe(`127.0.0.1:${local.collector.port}`);
    expect(local.collector.url).toBe(`http://127.0.0.1:${local.collector.port}`);
    expect(local.collector.port).toBeGreaterThan(0);
  });

  it('refuses a port already taken, saying which', async () => {
    await expect(startCollector({ port: local.collector.port })).rejects.toThrow(
      `could not bind UDP and TCP on the same port on 127.0.0.1 (${local.collector.port}): listen EADDRINUSE`,
    );
  });

  it('assembles pieces sent out of order, twice, over UDP and PutTraceSegments', async () => {
    const trace = sampleTrace();
    const inProgressFunction = { ...trace.fn, in_progress: true, end_time: undefined };
    // Children before parents; the handler twice; the function segment first in progress.
    await sendDatagrams(local.collector.udpAddress, [trace.dynamo, trace.handler, trace.handler]);
    await local.client.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [json(inProgressFunction), json(trace.gateway)],
      }),
    );
    await sendDatagrams(local.collector.udpAddress, [trace.lambda, trace.fn]);

    await local.collector.store.waitForTrace(trace.traceId, {
      predicate: (t) => t.segments.length === 3 && t.segments.every((s) => !s.in_progress),
    });
    const result = await local.client.send(
      new BatchGetTracesCommand({ TraceIds: [trace.traceId, newTraceId()] }),
    );

    expect(result.UnprocessedTraceIds).toHaveLength(1);
    expect(result.Traces).toHaveLength(1);
    const [got] = result.Traces!;
    expect(got.Id).toBe(trace.traceId);
    expect(got.Duration).toBeCloseTo(0.12, 6);
    const documents = got.Segments!.map((s) => {
      expect(typeof s.Document).toBe('string');
      const doc = JSON.parse(s.Document!) as SegmentDocument;
      expect(doc.id).toBe(s.Id);
      return doc;
    });
    expect(documents.map((d) => d.origin).sort()).toEqual([
      'AWS::ApiGateway::Stage',
      'AWS::Lambda',
      'AWS::Lambda::Function',
    ]);
    const fn = documents.find((d) => d.origin === 'AWS::Lambda::Function')!;
    expect(fn.in_progress).toBeUndefined();
    expect(fn.end_time).toBe(trace.fn.end_time);
    expect(fn.subsegments?.map((s) => s.name)).toEqual(['## index.handler']);
    expect(fn.subsegments?.[0].subsegments?.map((s) => s.name)).toEqual(['DynamoDB']);
    expect(local.collector.stats()).toMatchObject({ received: 7, accepted: 7, rejected: 0 });
  });

  it('summarises a trace with the fields X-Ray returns', async () => {
    const trace = sampleTrace({
      annotations: { operationType: 'CREATE_POST', cacheHit: false, count: 2 },
      user: 'user-123',
    });
    await sendDatagrams(local.collector.udpAddress, trace.documents);
    await local.collector.store.waitForTrace(trace.traceId, {
      predicate: (t) => t.segments.length === 3,
    });

    const [summary] = await allSummaries(local.client);

    expect(summary).toMatchObject({
      Id: trace.traceId,
      ResponseTime: 0.12,
      Duration: 0.12,
      HasError: false,
      HasFault: false,
      HasThrottle: false,
      IsPartial: false,
      Http: {
        HttpURL: 'http://127.0.0.1:3000/posts',
        HttpMethod: 'POST',
        HttpStatus: 200,
        UserAgent: 'jest',
        ClientIp: '127.0.0.1',
      },
      EntryPoint: { Name: 'traced-social-api/local', Type: 'AWS::ApiGateway::Stage' },
      Users: [{ UserName: 'user-123' }],
    });
    expect(summary.StartTime).toBeInstanceOf(Date);
    expect(summary.StartTime!.getTime() / 1000).toBeCloseTo(trace.gateway.start_time, 2);
    expect(summary.Annotations?.operationType).toEqual([
      {
        AnnotationValue: { StringValue: 'CREATE_POST' },
        ServiceIds: [
          { Name: 'posts-create', Names: ['posts-create'], Type: 'AWS::Lambda::Function' },
        ],
      },
    ]);
    expect(summary.Annotations?.cacheHit?.[0].AnnotationValue).toEqual({ BooleanValue: false });
    expect(summary.Annotations?.count?.[0].AnnotationValue).toEqual({ NumberValue: 2 });
    expect(summary.ServiceIds?.map((s) => `${s.Type} ${s.Name}`).sort()).toEqual([
      'AWS::ApiGateway::Stage traced-social-api/local',
      'AWS::DynamoDB::Table DynamoDB',
      'AWS::Lambda posts-create',
      'AWS::Lambda::Function posts-create',
    ]);
  });

  it('pages GetTraceSummaries newest first with NextToken, unaffected by new arrivals', async () => {
    const base = Date.now() / 1000 - 300;
    const traces = Array.from({ length: 230 }, (_, i) => sampleTrace({ start: base + i }));
    for (const trace of traces) local.collector.ingest(trace.gateway);
    const window = { StartTime: new Date((base - 10) * 1000), EndTime: new Date() };

    const first = await local.client.send(new GetTraceSummariesCommand(window));
    local.collector.ingest(sampleTrace({ start: base + 500 }).gateway); // arrives between pages
    const second = await local.client.send(
      new GetTraceSummariesCommand({ ...window, NextToken: first.NextToken }),
    );
    const third = await local.client.send(
      new GetTraceSummariesCommand({ ...window, NextToken: second.NextToken }),
    );

    expect(first.TraceSummaries).toHaveLength(100);
    expect(second.TraceSummaries).toHaveLength(100);
    expect(third.TraceSummaries).toHaveLength(30);
    expect(third.NextToken).toBeUndefined();
    const ids = [first, second, third].flatMap((p) => p.TraceSummaries!.map((s) => s.Id));
    expect(ids).toEqual(traces.map((t) => t.traceId).reverse());
    expect(first.TracesProcessedCount).toBe(230);
  });

  it('answers a filter syntax error with 400 InvalidRequestException, message and position', async () => {
    const query = local.client.send(
      new GetTraceSummariesCommand({
        StartTime: new Date(Date.now() - 60_000),
        EndTime: new Date(),
        FilterExpression: 'annotation.cache.hit = false',
      }),
    );
    await expect(query).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message:
        'Invalid filter expression at position 12: annotation keys are letters, digits and underscores only, found "cache.hit"',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('counts and reports malformed input, and keeps every valid document', async () => {
    const good = [sampleTrace(), sampleTrace(), sampleTrace()];
    const oversized = {
      ...good[0].dynamo,
      id: 'aaaaaaaaaaaaaaaa',
      metadata: { big: { blob: 'x'.repeat(70_000) } },
    };
    const badTraceId = { ...good[1].gateway, id: 'bbbbbbbbbbbbbbbb', trace_id: 'not-a-trace' };
    await sendDatagrams(local.collector.udpAddress, [
      Buffer.from('garbage'),
      good[0].gateway,
      Buffer.from(`${DAEMON_HEADER}{"no":"newline"}`),
      good[0].lambda,
      Buffer.from('{"format":"xml","version":1}\n{}'),
      good[0].fn,
      Buffer.from(`{"format": "json", "version": 1}\n{not json`),
      good[0].handler,
      badTraceId,
      good[0].dynamo,
    ]);
    const put = await local.client.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [
          ...good[1].documents.map(json),
          '{"broken',
          json({ ...good[2].gateway, end_time: good[2].gateway.start_time - 1 }),
          ...good[2].documents.filter((d) => d !== good[2].gateway).map(json),
          json(oversized),
        ],
      }),
    );

    expect(put.UnprocessedTraceSegments).toEqual([
      { ErrorCode: 'ParseError', Message: 'segment document is not JSON' },
      {
        Id: good[2].gateway.id,
        ErrorCode: 'InvalidSegment',
        Message: 'end_time is before start_time',
      },
      {
        Id: 'aaaaaaaaaaaaaaaa',
        ErrorCode: 'InvalidSegment',
        Message: expect.stringMatching(/^document is \d+ bytes, over the 65536 byte limit$/),
      },
    ]);
    await eventually(() => local.collector.stats().received === 22, '22 documents received');
    const stats = local.collector.stats();
    expect(stats).toMatchObject({ received: 22, accepted: 14, rejected: 8 });
    expect(stats.rejectReasons).toEqual({
      'missing newline after the header': 2,
      'header must be {"format":"json","version":1}': 1,
      'segment document is not JSON': 2,
      'trace_id must look like 1-<8 hex>-<24 hex>': 1,
      'end_time is before start_time': 1,
      'document is too large, over the 65536 byte limit': 1,
    });
    const sources = stats.recentRejects.map((r) => r.source);
    expect(sources.filter((s) => s === 'udp')).toHaveLength(5);
    expect(sources.filter((s) => s === 'http')).toHaveLength(3);
    expect(stats.recentRejects.map((r) => r.excerpt)).toContain('garbage');
    const result = await local.client.send(
      new BatchGetTracesCommand({ TraceIds: good.map((t) => t.traceId) }),
    );
    const documentCount = (t: { Segments?: Array<{ Document?: string }> }) =>
      t
        .Segments!.map((s) => JSON.parse(s.Document!) as SegmentDocument)
        .reduce((n, d) => n + 1 + countSubsegments(d), 0);
    expect(result.Traces!.map(documentCount)).toEqual([5, 5, 4]);
  });

  it('caps the documents of one trace', () => {
    const trace = sampleTrace();
    for (let i = 0; i < MAX_DOCUMENTS_PER_TRACE; i++) {
      expect(
        local.collector.ingest({ ...trace.dynamo, id: i.toString(16).padStart(16, '0') }).ok,
      ).toBe(true);
    }
    expect(local.collector.ingest(trace.gateway)).toEqual({
      ok: false,
      errors: [`the trace already holds the maximum of ${MAX_DOCUMENTS_PER_TRACE} documents`],
    });
    expect(local.collector.ingest(sampleTrace().gateway).ok).toBe(true);
  });

  it('ingests in-process with the same validation', () => {
    const trace = sampleTrace();
    expect(local.collector.ingest(trace.gateway)).toMatchObject({
      ok: true,
      traceId: trace.traceId,
    });
    expect(local.collector.ingest({ name: 'x' })).toMatchObject({
      ok: false,
      errors: expect.arrayContaining(['id must be 16 hex digits']),
    });
    expect(local.collector.store.getTrace(trace.traceId)?.segments).toHaveLength(1);
    expect(local.collector.stats()).toMatchObject({ accepted: 1, rejected: 1 });
  });

  it('waitForTrace says what it holds when the trace does not complete in time', async () => {
    const trace = sampleTrace();
    local.collector.ingest(trace.handler);
    await expect(
      local.collector.store.waitForTrace(trace.traceId, {
        timeoutMs: 500,
        quietMs: 50,
        predicate: (t) => t.segments.length > 0,
      }),
    ).rejects.toThrow(
      `trace ${trace.traceId} was not complete within 500 ms; it holds 1 documents: ## index.handler`,
    );
  });

  it('feeds the sampler of an X-Ray SDK running outside Lambda', async () => {
    setDaemonAddress(local.collector.udpAddress);
    const rules = await new Promise<SdkRule[]>((resolve, reject) =>
      sdkServiceConnector.fetchSamplingRules((error, found) =>
        error ? reject(error) : resolve(found),
      ),
    );
    expect(rules.map((r) => r.getName())).toEqual(['Default']);
    const targets = await new Promise<Record<string, { rate: number; quota: number }>>(
      (resolve, reject) =>
        sdkServiceConnector.fetchTargets(rules, (error, found) =>
          error ? reject(error) : resolve(found),
        ),
    );
    expect(targets.Default).toMatchObject({ rate: 0.05, quota: 1 });
  });

  it('serves the X-Ray default sampling rule and targets', async () => {
    const rules = await local.client.send(new GetSamplingRulesCommand({}));
    expect(rules.SamplingRuleRecords?.map((r) => r.SamplingRule)).toEqual([
      expect.objectContaining({
        RuleName: 'Default',
        FixedRate: 0.05,
        ReservoirSize: 1,
        Priority: 10000,
      }),
    ]);
    const targets = await local.client.send(
      new GetSamplingTargetsCommand({
        SamplingStatisticsDocuments: [
          {
            RuleName: 'Default',
            ClientID: 'a'.repeat(24),
            Timestamp: new Date(),
            RequestCount: 10,
            SampledCount: 2,
          },
        ],
      }),
    );
    expect(targets.SamplingTargetDocuments).toEqual([
      expect.objectContaining({
        RuleName: 'Default',
        FixedRate: 0.05,
        ReservoirQuota: 1,
        Interval: 10,
      }),
    ]);
    expect(targets.SamplingTargetDocuments?.[0].ReservoirQuotaTTL).toBeInstanceOf(Date);
  });
});

function countSubsegments(doc: SegmentDocument): number {
  return (doc.subsegments ?? []).reduce((n, s) => n + 1 + countSubsegments(s), 0);
}

describe('filter expressions over the X-Ray API', () => {
  let collector: Collector;
  let client: XRayClient;
  const traces: Record<string, SampleTrace> = {};

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    client = localXRayClient(collector.url);
    const now = Date.now() / 1000 - 30;
    traces.A = sampleTrace({
      start: now,
      responseTime: 0.05,
      annotations: { operationType: 'CREATE_POST', userId: 'user-123', cacheHit: false },
      user: 'user-123',
    });
    traces.B = sampleTrace({
      start: now + 1,
      status: 500,
      method: 'GET',
      url: 'http://127.0.0.1:3000/feed',
      responseTime: 1.5,
      functionName: 'feed-get',
      annotations: { cacheHit: true },
      dynamoFault: true,
    });
    traces.C = sampleTrace({
      start: now + 2,
      status: 429,
      method: 'GET',
      url: 'http://127.0.0.1:3000/profiles/x',
      functionName: 'profiles-get',
    });
    traces.C.gateway.http!.request!.user_agent = 'curl/8.5';
    traces.C.gateway.http!.request!.client_ip = '10.0.0.7';
    traces.D = sampleTrace({
      start: now + 3,
      responseTime: 2.5,
      method: 'DELETE',
      url: 'http://127.0.0.1:3000/posts/1',
      functionName: 'posts-delete',
      annotations: { count: 7 },
    });
    traces.E = sampleTrace({ start: now + 4 });
    const partial = { ...traces.E.gateway, in_progress: true, end_time: undefined };
    // A and B over UDP, C and D over PutTraceSegments, E only as an in-progress segment.
    await sendDatagrams(collector.udpAddress, [...traces.A.documents, ...traces.B.documents]);
    await client.send(
      new PutTraceSegmentsCommand({
        TraceSegmentDocuments: [...traces.C.documents, ...traces.D.documents].map(json),
      }),
    );
    collector.ingest(partial);
    await eventually(() => collector.stats().accepted === 21, 'all 21 documents');
  });

  afterAll(async () => {
    client.destroy();
    await collector.close();
  });

  const matching = async (expression: string) => {
    const found = await allSummaries(client, { FilterExpression: expression });
    const byId = new Map(Object.entries(traces).map(([name, t]) => [t.traceId, name]));
    return found.map((s) => byId.get(s.Id!)).sort();
  };

  it.each<[string, string[]]>([
    ['ok', ['A', 'D', 'E']],
    ['!ok', ['B', 'C']],
    ['error', ['C']],
    ['fault', ['B']],
    ['throttle', ['C']],
    ['partial', ['E']],
    ['error = true OR fault = true', ['B', 'C']],
    ['fault != true AND throttle = false', ['A', 'D', 'E']],
    ['responseTime > 1', ['B', 'D']],
    ['responseTime > 1000', []],
    ['duration >= 2 AND duration <= 3', ['D']],
    ['http.status = 500', ['B']],
    ['http.status >= 400', ['B', 'C']],
    ['http.url CONTAINS "/posts"', ['A', 'D', 'E']],
    ['http.url ENDSWITH "/feed"', ['B']],
    ['http.method = "GET"', ['B', 'C']],
    ['http.method != "GET"', ['A', 'D', 'E']],
    ['http.useragent BEGINSWITH "curl"', ['C']],
    ['http.clientip = "10.0.0.7"', ['C']],
    ['user = "user-123"', ['A']],
    ['annotation.userId = "user-123"', ['A']],
    ['annotation.cacheHit = false', ['A']],
    ['annotation.operationType = "CREATE_POST"', ['A']],
    ['annotation.operationType ENDSWITH "_POST"', ['A']],
    ['annotation.count > 5', ['D']],
    ['annotation.cacheHit', ['A', 'B']],
    ['annotation.cacheHit != true', ['A']],
    ['annotation.count >= 7', ['D']],
    ['annotation.count <= 7', ['D']],
    ['annotation.count < 7', []],
    ['annotation.count != 7', []],
    ['annotation.userId BEGINSWITH "user-"', ['A']],
    ['annotation.operationType CONTAINS "POST"', ['A']],
    ['annotation.Service = "feed-get"', ['B']],
    ['responsetime <= 0.05', ['A']],
    ['duration < 0.1', ['A']],
    ['http.status != 200', ['B', 'C']],
    ['NOT fault AND NOT error', ['A', 'D', 'E']],
    ['id(name: "feed-get")', ['B']],
    ['NOT annotation.cacheHit AND ok AND !partial', ['D']],
    ['service("posts-create")', ['A']],
    ['service("DynamoDB") { fault }', ['B']],
    ['service() { fault }', ['B']],
    ['!service("DynamoDB")', ['E']],
    ['service(id(type: "AWS::DynamoDB::Table")) { responsetime < 1 }', ['A', 'B', 'C', 'D']],
    ['id(name: "feed-get", type: "AWS::Lambda::Function")', ['B']],
    ['edge("feed-get", "DynamoDB") { fault }', ['B']],
    ['edge("traced-social-api/local", "posts-delete")', ['D']],
    ['ok !partial duration < 3', ['A', 'D']],
    ['(http.method = "GET" OR annotation.count = 7) AND NOT fault', ['C', 'D']],
  ])('%s', async (expression, expected) => {
    expect(await matching(expression)).toEqual(expected);
  });

  it('limits summaries to the time range (TraceId, Event and Service time)', async () => {
    const old = sampleTrace({ start: Date.now() / 1000 - 7200 });
    collector.ingest(old.gateway);
    const last10Minutes = await allSummaries(client, {}, 600);
    expect(last10Minutes.map((s) => s.Id)).not.toContain(old.traceId);
    const lastThreeHours = await allSummaries(client, { TimeRangeType: 'Service' }, 3 * 3600);
    expect(lastThreeHours.map((s) => s.Id)).toContain(old.traceId);
    // By Event (arrival) time it is recent: it arrived just now.
    const byArrival = await allSummaries(client, { TimeRangeType: 'Event' }, 60);
    expect(byArrival.map((s) => s.Id)).toContain(old.traceId);
  });

  it('builds the service graph with edges, counts and histograms', async () => {
    const graph = await client.send(
      new GetServiceGraphCommand({
        StartTime: new Date(Date.now() - 600_000),
        EndTime: new Date(),
      }),
    );
    const services = graph.Services!;
    const named = (name: string, type: string) =>
      services.find((s) => s.Name === name && s.Type === type)!;
    const gateway = named('traced-social-api/local', 'AWS::ApiGateway::Stage');
    const dynamo = named('DynamoDB', 'AWS::DynamoDB::Table');
    const feed = named('feed-get', 'AWS::Lambda::Function');

    expect(gateway.Root).toBe(true);
    expect(gateway.SummaryStatistics).toMatchObject({
      TotalCount: 5,
      OkCount: 3,
      FaultStatistics: { TotalCount: 1 },
      ErrorStatistics: { TotalCount: 1, ThrottleCount: 1 },
    });
    expect(dynamo.SummaryStatistics).toMatchObject({
      TotalCount: 4,
      OkCount: 3,
      FaultStatistics: { TotalCount: 1 },
    });
    expect(dynamo.ResponseTimeHistogram).toEqual([{ Value: 0.02, Count: 4 }]);
    expect(feed.Edges?.map((e) => e.ReferenceId)).toEqual([dynamo.ReferenceId]);
    expect(feed.Edges?.[0].SummaryStatistics).toMatchObject({
      TotalCount: 1,
      FaultStatistics: { TotalCount: 1 },
    });
    const lambdaTargets = gateway
      .Edges!.map((e) => services.find((s) => s.ReferenceId === e.ReferenceId)!.Name)
      .sort();
    expect(lambdaTargets).toEqual(['feed-get', 'posts-create', 'posts-delete', 'profiles-get']);
    expect(graph.StartTime).toBeInstanceOf(Date);
  });
});

describe('UDP receive buffer', () => {
  it('is enlarged beyond the default (16 MB asked; the kernel may cap it)', async () => {
    const collector = await startCollector({ port: 0 });
    const probe = createSocket('udp4');
    try {
      await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
      expect(collector.udpReceiveBufferBytes).toBeGreaterThan(probe.getRecvBufferSize());
    } finally {
      probe.close();
      await collector.close();
    }
  });
});
