import { startCollector, type Collector } from '../collector';
import { sampleTrace, type SampleTrace } from '../testing';
import { runTracesCommand } from './traces-command';
import { parseDurationSeconds } from './durations';

describe('the traces command', () => {
  let collector: Collector;
  let ok: SampleTrace;
  let failed: SampleTrace;

  beforeAll(async () => {
    collector = await startCollector({ port: 0 });
    ok = sampleTrace({
      start: Date.now() / 1000 - 2,
      annotations: { operationType: 'CREATE_POST' },
    });
    failed = sampleTrace({ status: 500, functionName: 'feed-get', dynamoFault: true });
    for (const document of [...ok.documents, ...failed.documents]) collector.ingest(document);
  });

  afterAll(() => collector.close());

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runTracesCommand(argv, (line) => lines.push(line), {});
    return { code, output: lines.join('\n') };
  };

  it('prints matching traces as trees, newest first', async () => {
    const { code, output } = await run('--endpoint', collector.url, '--last', '5m');
    expect(code).toBe(0);
    expect(output.indexOf(failed.traceId)).toBeLessThan(output.indexOf(ok.traceId));
    expect(output).toContain(`${ok.traceId}  `);
    expect(output).toContain('POST  http://127.0.0.1:3000/posts  200  120.0 ms');
    expect(output).toContain('\ntraced-social-api/local  120.0 ms [200]  {stage="local"}\n');
    expect(output).toContain(
      '\n      └─ ## index.handler  110.0 ms  {ColdStart=false, Service="posts-create", operationType="CREATE_POST"}\n',
    );
    expect(output).toMatch(/^ {8}└─ DynamoDB {2}20\.0 ms \[500\] {2}FAULT$/m);
  });

  it('applies --filter and --id', async () => {
    const filtered = await run('--endpoint', collector.url, '--filter', 'fault');
    expect(filtered.output).toContain(failed.traceId);
    expect(filtered.output).not.toContain(ok.traceId);
    const byId = await run('--endpoint', collector.url, '--id', ok.traceId);
    expect(byId.output).toContain(ok.traceId);
    expect(byId.output).not.toContain(failed.traceId);
    const unknown = '1-00000000-000000000000000000000000';
    expect(await run('--endpoint', collector.url, '--id', unknown)).toEqual({
      code: 1,
      output: `${unknown}: no such trace (never received, or evicted)`,
    });
  });

  it('says so when nothing matches, and reports a bad filter with its position', async () => {
    expect(await run('--endpoint', collector.url, '--filter', 'throttle')).toEqual({
      code: 0,
      output: 'No traces in the last 5m matching throttle.',
    });
    const bad = await run('--endpoint', collector.url, '--filter', 'duration >');
    expect(bad.code).toBe(1);
    expect(bad.output).toBe(
      'InvalidRequestException: Invalid filter expression at position 11: expected a number, found the end of the expression',
    );
  });

  it('finds the collector through XRAY_ENDPOINT or AWS_ENDPOINT_URL_XRAY', async () => {
    for (const name of ['XRAY_ENDPOINT', 'AWS_ENDPOINT_URL_XRAY']) {
      const lines: string[] = [];
      const code = await runTracesCommand(['--id', ok.traceId], (l) => lines.push(l), {
        [name]: collector.url,
      });
      expect(code).toBe(0);
      expect(lines.join('\n')).toContain(ok.traceId);
    }
  });

  it('rejects bad arguments with the usage', async () => {
    const bad = await run('--last', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.output).toContain('"yesterday" is not a duration like 90s, 5m, 2h or 1d');
    expect(bad.output).toContain('Usage: npm run traces');
    expect((await run('--bogus')).code).toBe(2);
  });

  it('parses durations', () => {
    expect([
      parseDurationSeconds('90s'),
      parseDurationSeconds('5m'),
      parseDurationSeconds('2h'),
      parseDurationSeconds('1d'),
    ]).toEqual([90, 300, 7200, 86400]);
  });
});
