import { invokeAsLambda, useSegmentCapture } from '../testing';
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

describe('metrics and logs', () => {
  const capture = useSegmentCapture();

  /** Invokes one fixture handler with EMF metrics and INFO logs on: what it wrote, raw and parsed. */
  const telemetryOf = async (fixture: {
    exportName: string;
    functionName: string;
    serviceName: string;
    env?: Record<string, string>;
    event: unknown;
  }): Promise<{ lines: string[]; json: EmfLine[] }> => {
    const { lines } = await collectOutput(() =>
      invokeAsLambda({
        ...fixture,
        capture,
        handler: handlers,
        env: { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'INFO', ...fixture.env },
      }),
    );
    return { lines, json: lines.map((line) => JSON.parse(line) as EmfLine) };
  };

  it('publishes EMF metrics with namespace, service dimension and cold start, and redacts logs', async () => {
    const { lines, json } = await telemetryOf({
      exportName: 'telemetry',
      functionName: 'telemetry-fn',
      serviceName: 'posts',
      env: { POWERTOOLS_METRICS_NAMESPACE: 'TracedSocialTest' },
      event: { password, jwt },
    });
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
    const { json } = await telemetryOf({
      exportName: 'cacheLookups',
      functionName: 'cache-fn',
      serviceName: 'feed',
      event: {},
    });
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

  it('tags each invocation with its own operation type, in one instance, after a key reset or removal too', async () => {
    // One instance (one copy of the modules) running two handlers in turn.
    let instance: Record<string, unknown> | undefined;
    const handlerOf = (exportName: string) => () => {
      if (!instance) jest.isolateModules(() => (instance = require(handlers)));
      return (instance as Record<string, never>)[exportName];
    };
    const logged = async (exportName: string, message: string): Promise<unknown[]> => {
      const { lines } = await collectOutput(() =>
        invokeAsLambda({
          capture,
          handler: handlerOf(exportName),
          functionName: 'shared-fn',
          env: { POWERTOOLS_LOG_LEVEL: 'INFO' },
          event: {},
        }),
      );
      return lines
        .map((line) => JSON.parse(line) as EmfLine)
        .filter((line) => line.message === message)
        .map((line) => line.operationType);
    };
    expect(await logged('resetsLogKeys', 'after reset')).toEqual(['RESET_KEYS']);
    expect(await logged('cacheLookups', 'cache lookup')).toEqual(['GET_FEED', 'GET_FEED']);
    expect(await logged('resetsLogKeys', 'after reset')).toEqual(['RESET_KEYS']);
    expect(await logged('resetsLogKeys', 'after reset')).toEqual(['RESET_KEYS']);
    // A handler may drop the key for the rest of its invocation; the next one carries it again.
    expect(await logged('removesOperationTypeKey', 'after removal')).toEqual([undefined]);
    expect(await logged('removesOperationTypeKey', 'before removal')).toEqual(['REMOVES_KEY']);
  });
});
