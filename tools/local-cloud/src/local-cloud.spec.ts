import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { defineApp } from '@traced-social/manifest';
import { findByName, namePaths, newSegmentId, newTraceId } from '@traced-social/trace-model';
import { LOCAL_CREDENTIALS } from './emulators/clients';
import { startLocalCloud, type LocalCloud } from './local-cloud';
import { greetingsApp, postGreeting, recordedGreeting } from './testing/greetings';
import { eventually, readTraceWithXRay, traceIdOf } from './testing/helpers';

jest.setTimeout(120_000);

const RELOAD_HANDLER = (word: string): string => `
import { withTracing } from '@traced-social/observability';
export const handler = withTracing(async () => ({ statusCode: 200, body: JSON.stringify({ word: '${word}' }) }), { operationType: 'RELOAD' });
`;

describe('local cloud (in-process, random ports, fixture app)', () => {
  let dir: string;
  let reloadApp: string;
  let cloud: LocalCloud;
  let dynamodb: DynamoDBClient;
  const logs: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-cloud-'));
    reloadApp = join(dir, 'reload-app');
    mkdirSync(join(reloadApp, 'src'), { recursive: true });
    writeFileSync(join(reloadApp, 'src', 'handler.ts'), RELOAD_HANDLER('first'));
    cloud = await startLocalCloud({
      ports: 'random',
      dataDir: join(dir, 'data'),
      apps: [
        greetingsApp(),
        {
          root: reloadApp,
          manifest: defineApp({
            app: 'reload',
            service: 'reload',
            functions: [
              {
                name: 'word',
                entry: 'src/handler.ts',
                operationType: 'RELOAD',
                trigger: { type: 'api', method: 'GET', path: '/word' },
              },
            ],
          }),
        },
      ],
      log: (line) => logs.push(line),
    });
    dynamodb = new DynamoDBClient({
      endpoint: cloud.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
  });

  afterAll(async () => {
    dynamodb?.destroy();
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const waitForTraceWith = (traceId: string, name: string) =>
    cloud.collector.store.waitForTrace(traceId, {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes(`"name":"${name}"`),
    });

  it('serves a route as an API Gateway proxy event and traces it like AWS', async () => {
    const response = await fetch(`${cloud.apiUrl}/greetings/ann%20lee?tag=a&tag=b`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      greeting: 'Hello, ann lee!',
      query: { tag: ['a', 'b'] },
      resource: '/greetings/{name}',
      service: 'greetings',
    });
    expect(response.headers.get('x-amzn-requestid')).toBe(body.requestId);

    const traceId = traceIdOf(response);
    await waitForTraceWith(traceId, 'BuildGreeting');
    const tree = await readTraceWithXRay(cloud.endpoints.collector, traceId);
    const paths = namePaths(tree);
    const fn = 'greetings-get-greeting';
    expect(paths).toEqual(
      expect.arrayContaining([
        'traced-social-local-greetings/local',
        'traced-social-local-greetings/local > Lambda',
        `traced-social-local-greetings/local > Lambda > ${fn}`,
        `traced-social-local-greetings/local > Lambda > ${fn} > ${fn}`,
        `traced-social-local-greetings/local > Lambda > ${fn} > ${fn} > ## index.handler`,
        `traced-social-local-greetings/local > Lambda > ${fn} > ${fn} > ## index.handler > BuildGreeting`,
      ]),
    );
    const stage = findByName(tree, 'traced-social-local-greetings/local')!.document;
    expect(stage.origin).toBe('AWS::ApiGateway::Stage');
    expect(stage.http?.response?.status).toBe(200);
    const handler = findByName(tree, '## index.handler')!.document;
    expect(handler.annotations).toMatchObject({ operationType: 'GET_GREETING', ColdStart: true });
  });

  it('honours an incoming trace header and returns it', async () => {
    const traceId = newTraceId();
    const parent = newSegmentId();
    const response = await fetch(`${cloud.apiUrl}/greetings/bo`, {
      headers: { 'X-Amzn-Trace-Id': `Root=${traceId};Parent=${parent};Sampled=1` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-trace-id')).toBe(`Root=${traceId};Sampled=1`);
    const trace = await waitForTraceWith(traceId, 'BuildGreeting');
    expect(trace.segments.find((s) => s.origin === 'AWS::ApiGateway::Stage')?.parent_id).toBe(
      parent,
    );
  });

  it('records nothing for Sampled=0', async () => {
    const unsampled = newTraceId();
    const response = await fetch(`${cloud.apiUrl}/greetings/cy`, {
      headers: { 'X-Amzn-Trace-Id': `Root=${unsampled};Sampled=0` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-trace-id')).toBe(`Root=${unsampled};Sampled=0`);
    // A sampled request to the same function after it: once its trace is in, the first one would be too.
    const after = await fetch(`${cloud.apiUrl}/greetings/di`);
    await waitForTraceWith(traceIdOf(after), 'BuildGreeting');
    expect(cloud.collector.store.getTrace(unsampled)).toBeUndefined();
  });

  it('runs concurrent invocations in separate instances, each in its own trace', async () => {
    const names = ['c1', 'c2', 'c3'];
    const responses = await Promise.all(names.map((n) => fetch(`${cloud.apiUrl}/greetings/${n}`)));
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const traces = await Promise.all(
      responses.map((r) => waitForTraceWith(traceIdOf(r), 'BuildGreeting')),
    );
    for (const trace of traces) {
      const handlerDocs = JSON.stringify(trace).match(/"name":"## index.handler"/g);
      expect(handlerDocs).toHaveLength(1);
    }
  });

  it('answers 404 for an unknown route and 405 with Allow for a wrong method, as JSON', async () => {
    const missing = await fetch(`${cloud.apiUrl}/nothing/here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/json');
    expect(await missing.json()).toEqual({ message: 'No route for GET /nothing/here' });
    const wrong = await fetch(`${cloud.apiUrl}/greetings`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(await wrong.json()).toEqual({ message: 'Method DELETE not allowed on /greetings' });
  });

  it('answers 502 when the function fails or times out, and marks the fault in the trace', async () => {
    const broken = await fetch(`${cloud.apiUrl}/broken`);
    expect(broken.status).toBe(502);
    expect(await broken.json()).toEqual({ message: 'Internal server error' });
    const trace = await waitForTraceWith(traceIdOf(broken), '## index.handler');
    const fnSegment = trace.segments.find((s) => s.origin === 'AWS::Lambda::Function');
    expect(fnSegment?.fault).toBe(true);

    const slow = await fetch(`${cloud.apiUrl}/slow`);
    expect(slow.status).toBe(502);
    expect(logs.some((l) => l.includes('Sandbox.Timedout') && l.includes('greetings-slow'))).toBe(
      true,
    );
  });

  it("delivers a published event to its consumer, in the producer's trace", async () => {
    const { response, eventId } = await postGreeting(cloud, { name: 'kim' });
    expect(response.status).toBe(202);
    const item = await recordedGreeting(cloud, dynamodb, 'kim', eventId);
    expect(item.sk.S).toBe(eventId);
    const trace = await waitForTraceWith(traceIdOf(response), 'RecordGreeting');
    const tree = await readTraceWithXRay(cloud.endpoints.collector, trace.id);
    const consumer = namePaths(tree).find((p) => p.endsWith('Kinesis Consumer > RecordGreeting'));
    expect(consumer).toContain('PublishEvent');
  });

  it('retries a failing record, then dead-letters it', async () => {
    const { eventId } = await postGreeting(cloud, { name: 'eve', poison: true });
    const file = cloud.deadLetterFile('greetings-greeting-consumer');
    const letter = await eventually('the poison record in the dead-letter file', async () => {
      if (!existsSync(file)) return undefined;
      return readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(
          (l) =>
            JSON.parse(l) as {
              reason: string;
              attempts: number;
              record: { kinesis: { data: string } };
            },
        )
        .find((l) =>
          Buffer.from(l.record.kinesis.data, 'base64').toString('utf8').includes(eventId),
        );
    });
    expect(letter).toMatchObject({ reason: 'batchItemFailures', attempts: 2 });
  });

  it('delivers DynamoDB stream records of a table to its stream consumer', async () => {
    const TableName = cloud.names.table('posts');
    const Key = { pk: { S: 'post#stream-test' }, sk: { S: 'POST' } };
    await dynamodb.send(new PutItemCommand({ TableName, Item: { ...Key, text: { S: 'first' } } }));
    await dynamodb.send(
      new UpdateItemCommand({
        TableName,
        Key,
        UpdateExpression: 'SET #t = :t',
        ExpressionAttributeNames: { '#t': 'text' },
        ExpressionAttributeValues: { ':t': { S: 'second' } },
      }),
    );
    const changes = await eventually('both changes recorded by the consumer', async () => {
      const { Items } = await dynamodb.send(
        new QueryCommand({
          TableName: cloud.names.table('notifications'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': { S: 'change#post#stream-test' } },
        }),
      );
      return Items && Items.length >= 2 ? Items : undefined;
    });
    expect(changes.map((c) => c.eventName.S)).toEqual(['INSERT', 'MODIFY']);
    const modify = JSON.parse(changes[1].images.S!) as { old: unknown; new: unknown };
    expect(modify).toEqual({
      old: { ...Key, text: { S: 'first' } },
      new: { ...Key, text: { S: 'second' } },
    });
  });

  it('invokes a function directly, as aws lambda invoke does', async () => {
    const outcome = await cloud.invoke('greetings-get-greeting', {
      pathParameters: { name: 'direct' },
      requestContext: { requestId: 'r-1' },
    });
    expect(outcome.ok).toBe(true);
    const value = (outcome as { value: { statusCode: number; body: string } }).value;
    expect(value.statusCode).toBe(200);
    expect(JSON.parse(value.body)).toMatchObject({ greeting: 'Hello, direct!' });
    await expect(cloud.invoke('greetings-broken', {})).resolves.toMatchObject({
      ok: false,
      error: { errorType: 'Error', errorMessage: 'this function always fails' },
    });
    expect(() => cloud.invoke('nope', {})).toThrow(
      /No function nope; there are: greetings-get-greeting/,
    );
  });

  it('reloads a handler whose source changed, without a restart', async () => {
    const first = await fetch(`${cloud.apiUrl}/word`);
    expect(await first.json()).toEqual({ word: 'first' });
    writeFileSync(join(reloadApp, 'src', 'handler.ts'), RELOAD_HANDLER('second, a bit longer'));
    const second = await fetch(`${cloud.apiUrl}/word`);
    expect(await second.json()).toEqual({ word: 'second, a bit longer' });
  });
});
