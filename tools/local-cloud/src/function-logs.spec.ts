import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineApp } from '@traced-social/manifest';
import { startLocalCloud, type LocalCloud } from './local-cloud';
import { eventually, traceIdOf } from './testing/helpers';

jest.setTimeout(120_000);

const GREETER = `
import { logger, withTracing } from '@traced-social/observability';
export const handler = withTracing(async (event: { queryStringParameters?: { who?: string } }) => {
  logger.info('greeted', { who: event.queryStringParameters?.who });
  return { statusCode: 200, body: '{}' };
}, { operationType: 'GREET' });
`;

interface ServedLogLine {
  traceId: string;
  functionName: string;
  level?: string;
  message?: string;
  text: string;
}

describe("the local cloud keeps each function's log lines beside its traces", () => {
  let dir: string;
  let cloud: LocalCloud;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'local-cloud-logs-'));
    const root = join(dir, 'greeter');
    mkdirSync(join(root, 'src'), { recursive: true });
    writeFileSync(join(root, 'src', 'greet.ts'), GREETER);
    cloud = await startLocalCloud({
      ports: 'random',
      dataDir: join(dir, 'data'),
      apps: [
        {
          root,
          manifest: defineApp({
            app: 'greeter',
            service: 'greeter',
            functions: [
              {
                name: 'greet',
                entry: 'src/greet.ts',
                operationType: 'GREET',
                trigger: { type: 'api', method: 'GET', path: '/greet' },
              },
            ],
          }),
        },
      ],
    });
  });

  afterAll(async () => {
    await cloud?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const logsOf = async (traceId: string): Promise<ServedLogLine[]> => {
    const response = await fetch(`${cloud.collector.url}/viewer/api/logs/${traceId}`);
    expect(response.status).toBe(200);
    return ((await response.json()) as { lines: ServedLogLine[] }).lines;
  };

  it("serves a request's log lines by its trace id, and only its own", async () => {
    const ada = traceIdOf(await fetch(`${cloud.apiUrl}/greet?who=ada`));
    const bob = traceIdOf(await fetch(`${cloud.apiUrl}/greet?who=bob`));

    const adaLines = await eventually('the log line of the first request', async () => {
      const lines = await logsOf(ada);
      return lines.some((line) => line.message === 'greeted') ? lines : undefined;
    });
    const greeted = adaLines.find((line) => line.message === 'greeted');
    expect(greeted).toMatchObject({ traceId: ada, functionName: 'greeter-greet', level: 'INFO' });
    expect(JSON.parse(greeted?.text ?? '{}')).toMatchObject({
      who: 'ada',
      xray_trace_id: ada,
      operationType: 'GREET',
    });
    expect(adaLines.every((line) => line.traceId === ada)).toBe(true);
    await eventually('the log line of the second request', async () =>
      (await logsOf(bob)).some((line) => JSON.parse(line.text).who === 'bob') ? true : undefined,
    );
  });

  it('answers an empty list for a trace with no log lines', async () => {
    await expect(logsOf('1-00000000-000000000000000000000000')).resolves.toEqual([]);
  });
});
