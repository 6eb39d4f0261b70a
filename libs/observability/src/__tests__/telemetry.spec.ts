import { invokeAsLambda, startSegmentCapture, type SegmentCapture } from '../testing';
import { collectOutput } from './support/collect-output';

const handlers = require.resolve('./fixtures/handlers');
const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.TE9HLVNJR05BVFVSRS05OQ';
const password = 'LOG-PASSWORD-777';

interface EmfLine {
  _aws?: {
    CloudWatchMetrics: Array<{
      Namespace: string;
      Dimensions: string[][];
      Metrics: Array<{ Name: string }>;
    }>;
  };
  [key: string]: unknown;
}

/** The lines written while `fn` runs. */
const outputOf = async (fn: () => Promise<unknown>): Promise<string[]> =>
  (await collectOutput(fn)).lines;

describe('metrics and logs', () => {
  let capture: SegmentCapture;
  beforeAll(async () => {
    capture = await startSegmentCapture();
  });
  afterAll(() => capture.close());

  it('publishes EMF metrics with namespace, service dimension and cold start, and redacts logs', async () => {
    const lines = await outputOf(() =>
      invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'telemetry',
        functionName: 'telemetry-fn',
        serviceName: 'posts',
        env: {
          POWERTOOLS_METRICS_DISABLED: 'false',
          POWERTOOLS_METRICS_NAMESPACE: 'TracedSocialTest',
          POWERTOOLS_LOG_LEVEL: 'INFO',
        },
        event: { password, jwt },
      }),
    );

    const json = lines.map((line) => JSON.parse(line) as EmfLine);
    const metricNames = (line: EmfLine) =>
      line._aws?.CloudWatchMetrics[0].Metrics.map((m) => m.Name) ?? [];
    const business = json.find((line) => metricNames(line).includes('PostsCreated'));
    expect(business).toMatchObject({ service: 'posts', PostsCreated: 1 });
    expect(business?._aws?.CloudWatchMetrics[0].Namespace).toBe('TracedSocialTest');
    expect(business?._aws?.CloudWatchMetrics[0].Dimensions[0]).toContain('service');
    const coldStart = json.find((line) => metricNames(line).includes('ColdStart'));
    expect(coldStart).toMatchObject({
      ColdStart: 1,
      function_name: 'telemetry-fn',
      service: 'posts',
    });

    const info = json.find((line) => line.message === 'signing in');
    expect(info).toMatchObject({
      user: { name: 'alice', password: '[REDACTED]' },
      headers: { Authorization: '[REDACTED]' },
      note: 'got [REDACTED]',
    });
    const error = json.find((line) => line.message === 'sign-in failed');
    expect(error).toBeDefined();
    const all = lines.join('\n');
    for (const secret of [password, ...jwt.split('.')]) expect(all).not.toContain(secret);
  });

  it('counts cache hits and misses as EMF metrics and logs them with the operation type', async () => {
    const lines = await outputOf(() =>
      invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'cacheLookups',
        functionName: 'cache-fn',
        serviceName: 'feed',
        env: { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'INFO' },
        event: {},
      }),
    );
    const json = lines.map((line) => JSON.parse(line) as EmfLine);
    const emf = json.filter((line) => line._aws);
    const counted = (name: string) =>
      emf.reduce(
        (sum, line) => sum + (typeof line[name] === 'number' ? (line[name] as number) : 0),
        0,
      );
    expect(counted('CacheHit')).toBe(1);
    expect(counted('CacheMiss')).toBe(1);
    const lookups = json.filter((line) => line.message === 'cache lookup');
    expect(lookups.map((line) => [line.cacheHit, line.operationType])).toEqual([
      [false, 'GET_FEED'],
      [true, 'GET_FEED'],
    ]);
    const failure = json.find((line) => line.message === 'Invocation failed');
    expect(failure).toMatchObject({ level: 'ERROR', operationType: 'GET_FEED' });
  });
});
