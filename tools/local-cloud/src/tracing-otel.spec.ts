import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findByName, namePaths } from '@traced-social/trace-model';
import { loadApp } from './apps/discover-apps';
import { startLocalCloud, type LocalCloud } from './local-cloud';
import { readTraceWithXRay, traceIdOf } from './testing/helpers';

jest.setTimeout(120_000);

/**
 * An app switched to the OpenTelemetry backend by configuration alone (`--tracing greetings=otel`):
 * its functions send their spans to the collector's daemon port as in Lambda (decision 1903), and its
 * traces read back like X-Ray SDK traces.
 */
describe('local cloud with an app on the OpenTelemetry backend', () => {
  let dir: string;
  let cloud: LocalCloud;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-cloud-otel-'));
    cloud = await startLocalCloud({
      ports: 'random',
      dataDir: join(dir, 'data'),
      apps: [loadApp(join(__dirname, 'testing', 'fixtures', 'greetings-app'))],
      tracingBackend: 'xray',
      tracingByApp: { greetings: 'otel' },
    });
  });

  afterAll(async () => {
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const traceWith = async (traceId: string, name: string) => {
    await cloud.collector.store.waitForTrace(traceId, {
      timeoutMs: 30_000,
      predicate: (t) => JSON.stringify(t).includes(`"name":"${name}"`),
    });
    return readTraceWithXRay(cloud.endpoints.collector, traceId);
  };

  it('gives the function TRACING_BACKEND=otel and shows its spans in the API Gateway trace', async () => {
    const response = await fetch(`${cloud.apiUrl}/greetings/ann`);
    expect(response.status).toBe(200);
    const tree = await traceWith(traceIdOf(response), 'BuildGreeting');
    const fn = 'greetings-get-greeting';
    expect(namePaths(tree)).toContain(
      `traced-social-local-greetings/local > Lambda > ${fn} > ${fn} > ## index.handler > BuildGreeting`,
    );
    const handler = findByName(tree, '## index.handler')!.document;
    expect(handler.annotations).toMatchObject({ operationType: 'GET_GREETING', ColdStart: true });
    expect(cloud.functions.get(fn)?.config.env).toMatchObject({ TRACING_BACKEND: 'otel' });
  });

  it("keeps a published event's consumer in the producer's trace", async () => {
    const response = await fetch(`${cloud.apiUrl}/greetings`, {
      method: 'POST',
      body: JSON.stringify({ name: 'kim' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(202);
    const tree = await traceWith(traceIdOf(response), 'RecordGreeting');
    const consumer = namePaths(tree).find((p) => p.endsWith('Kinesis Consumer > RecordGreeting'));
    expect(consumer).toContain('PublishEvent');
  });
});
