import {
  GetGroupsCommand,
  GetSamplingRulesCommand,
  UpdateSamplingRuleCommand,
  type XRayClient,
} from '@aws-sdk/client-xray';
import { allSummaries, localXRayClient } from '@traced-social/trace-collector/testing';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parseTraceHeader } from '@traced-social/trace-model';
import { LOCAL_CREDENTIALS } from '../emulators/clients';
import { postGreeting, recordedGreeting, useGreetingsCloud } from '../testing/greetings';
import { eventually, traceIdOf } from '../testing/helpers';
import { parseFaults } from './fault-injection';

jest.setTimeout(180_000);

describe('sampling rules and fault injection in the local cloud (prod rules)', () => {
  const cloud = useGreetingsCloud({ sampling: 'prod', faults: { 'greetings-broken': 0 } });
  let xray: XRayClient;
  beforeAll(() => {
    xray = localXRayClient(cloud.collector.url);
  });
  afterAll(() => xray?.destroy());

  const greet = (headers: Record<string, string> = {}) =>
    fetch(`${cloud.apiUrl}/greetings/ann`, { headers });
  const sampledFlag = (response: Response) =>
    parseTraceHeader(response.headers.get('x-amzn-trace-id') ?? '')?.sampled;

  it("starts with prod's sampling rules and the stage's groups, from the CDK stacks' definition", async () => {
    const { SamplingRuleRecords } = await xray.send(new GetSamplingRulesCommand({}));
    expect(
      SamplingRuleRecords?.map((r) => [
        r.SamplingRule?.RuleName,
        r.SamplingRule?.ServiceName,
        r.SamplingRule?.HTTPMethod,
        r.SamplingRule?.FixedRate,
        r.SamplingRule?.ReservoirSize,
      ]),
    ).toEqual([
      ['local-greetings-reads', 'traced-social-local-greetings/local', 'GET', 0.05, 1],
      ['local-greetings-writes', 'traced-social-local-greetings/local', '*', 0.1, 2],
      ['Default', '*', '*', 0.05, 1],
    ]);
    const { Groups } = await xray.send(new GetGroupsCommand({}));
    expect(Groups?.map((g) => [g.GroupName, g.FilterExpression])).toEqual([
      ['Default', undefined],
      ['local-slow-requests', 'annotation.stage = "local" AND (responsetime > 1)'],
      ['local-errors', 'annotation.stage = "local" AND (error = true OR fault = true)'],
      ['local-cache-misses', 'annotation.stage = "local" AND (annotation.cacheHit = false)'],
      ['local-app-greetings', 'annotation.stage = "local" AND (annotation.Service = "greetings")'],
    ]);
  });

  it("finds the local stage's traces by its groups' stage-scoped expressions, not another stage's", async () => {
    // Started now: summaries are searched by the time in the trace id.
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-000000000000000000000010`;
    await greet({ 'X-Amzn-Trace-Id': `Root=${traceId};Sampled=1` });
    await cloud.collector.store.waitForTrace(traceId, {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes('"stage":"local"'),
    });
    const { Groups } = await xray.send(new GetGroupsCommand({}));
    const appGroup = Groups?.find((g) => g.GroupName === 'local-app-greetings');
    const idsMatching = async (FilterExpression: string) =>
      (await allSummaries(xray, { FilterExpression })).map((summary) => summary.Id);
    expect(await idsMatching(appGroup!.FilterExpression!)).toContain(traceId);
    expect(
      await idsMatching('annotation.stage = "prod" AND (annotation.Service = "greetings")'),
    ).not.toContain(traceId);
  });

  it('samples requests by the matching rule, and records nothing of an unsampled one', async () => {
    await xray.send(
      new UpdateSamplingRuleCommand({
        SamplingRuleUpdate: { RuleName: 'local-greetings-reads', FixedRate: 0.5, ReservoirSize: 0 },
      }),
    );
    const flags: Array<boolean | undefined> = [];
    const unsampled: string[] = [];
    for (let i = 0; i < 200; i++) {
      const response = await greet();
      expect(response.status).toBe(200);
      flags.push(sampledFlag(response));
      if (sampledFlag(response) === false) unsampled.push(traceIdOf(response));
    }
    // 200 draws at 50 %: the share is within 5 standard deviations (±0.18) but for one run in
    // 1.7 million.
    const share = flags.filter((f) => f === true).length / flags.length;
    expect(Math.abs(share - 0.5)).toBeLessThan(0.18);
    expect(flags.every((f) => f !== undefined)).toBe(true);

    // A sampled request to the same (warm) function after them: once its trace is complete,
    // the unsampled ones would have arrived too, had anything been sent.
    const last = await greet({
      'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000001;Sampled=1',
    });
    await cloud.collector.store.waitForTrace(traceIdOf(last), {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes('"name":"BuildGreeting"'),
    });
    expect(unsampled.filter((id) => cloud.collector.store.has(id))).toEqual([]);
  });

  it('honours an incoming Sampled= decision over the rules', async () => {
    await xray.send(
      new UpdateSamplingRuleCommand({
        SamplingRuleUpdate: { RuleName: 'local-greetings-reads', FixedRate: 0, ReservoirSize: 0 },
      }),
    );
    expect(sampledFlag(await greet())).toBe(false);
    const forced = await greet({
      'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000002;Sampled=1',
    });
    expect(sampledFlag(forced)).toBe(true);
    await cloud.collector.store.waitForTrace('1-6b0a0000-000000000000000000000002', {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes('"name":"BuildGreeting"'),
    });
    const refused = await greet({
      'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000003;Sampled=0',
    });
    expect(refused.status).toBe(200);
    expect(sampledFlag(refused)).toBe(false);
  });

  it("does not trace an unsampled request's Kinesis record in its consumer either", async () => {
    const { response: published, eventId } = await postGreeting(
      cloud,
      { name: 'quiet' },
      { 'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000006;Sampled=0' },
    );
    expect(published.status).toBe(202);
    const dynamodb = new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await recordedGreeting(cloud, dynamodb, 'quiet', eventId);
    } finally {
      dynamodb.destroy();
    }
    // The consumer's invocation is traced (Lambda samples event source mappings itself)...
    const consumerTrace = await eventually('the consumer invocation trace', async () =>
      cloud.collector.store
        .traceIds()
        .map((id) => cloud.collector.store.getTrace(id))
        .find((t) => JSON.stringify(t).includes('"name":"greetings-greeting-consumer"')),
    );
    await cloud.collector.store.waitForTrace(consumerTrace?.id ?? '', {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes('"name":"## index.handler"'),
    });
    // ...but nothing of the unsampled request's record: no producer trace, no consumer subsegment.
    expect(cloud.collector.store.has('1-6b0a0000-000000000000000000000006')).toBe(false);
    const documents = cloud.collector.store
      .traceIds()
      .flatMap((id) => cloud.collector.store.documents(id));
    expect(documents.filter((d) => JSON.stringify(d).includes('Kinesis Consumer'))).toEqual([]);
  });

  it('fails the share of invocations given by --faults, as a crash (502, faulted function segment)', async () => {
    const fn = cloud.functions.get('greetings-get-greeting');
    if (!fn) throw new Error('no greetings-get-greeting');
    fn.faultRate = 1;
    const failed = await greet({
      'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000004;Sampled=1',
    });
    expect(failed.status).toBe(502);
    const trace = await cloud.collector.store.waitForTrace('1-6b0a0000-000000000000000000000004', {
      timeoutMs: 30_000,
      predicate: (t) => t.segments.length === 3,
    });
    expect(trace.segments.find((s) => s.origin === 'AWS::Lambda::Function')).toMatchObject({
      fault: true,
      cause: { exceptions: [expect.objectContaining({ type: 'InjectedFault' })] },
    });
    fn.faultRate = 0;
    expect(
      (await greet({ 'X-Amzn-Trace-Id': 'Root=1-6b0a0000-000000000000000000000005;Sampled=1' }))
        .status,
    ).toBe(200);
  });
});

describe('--faults', () => {
  it('reads function=share pairs', () => {
    expect(parseFaults('likes-like-post=0.3, posts-create-post=1')).toEqual({
      'likes-like-post': 0.3,
      'posts-create-post': 1,
    });
    expect(parseFaults(undefined)).toEqual({});
  });

  it.each(['likes-like-post', 'likes-like-post=1.5', 'x=abc'])('refuses %j', (text) => {
    expect(() => parseFaults(text)).toThrow('--faults takes <function name>=<share of invocations');
  });
});
