import { createHook } from 'node:async_hooks';
import {
  expectTrace,
  startLambdaFunction,
  type LambdaFunctionOptions,
  useSegmentCapture,
} from '../testing';

const handlers = require.resolve('./fixtures/handlers');
/** Only what the (simulated) Lambda service itself sends: no document of the function's code. */
const LAMBDA_SERVICE_DOCUMENTS = [
  'quiet-fn',
  'quiet-fn > quiet-fn',
  'quiet-fn > quiet-fn > Initialization',
];

/** Invokes once and counts the UDP sockets opened while the invocation ran. */
async function invokeCountingSockets(
  options: LambdaFunctionOptions<{ userId: string }, unknown>,
): Promise<{ sockets: number; documents: string[]; result: unknown }> {
  const fn = await startLambdaFunction(options);
  let sockets = 0;
  const hook = createHook({
    init: (_id, type) => {
      if (type === 'UDPWRAP') sockets += 1;
    },
  });
  try {
    hook.enable();
    const { tree, result } = await fn.invoke({ userId: 'user-1' });
    hook.disable();
    return { sockets, documents: expectTrace(tree).paths(), result };
  } finally {
    hook.disable();
    fn.close();
  }
}

describe('tracing switched off', () => {
  const capture = useSegmentCapture();

  const base = { handler: handlers, exportName: 'nested', functionName: 'quiet-fn' };

  it('sends segments when a collector address is set, even under NODE_ENV=test (control)', async () => {
    const { sockets, documents } = await invokeCountingSockets({ ...base, capture });
    expect(sockets).toBeGreaterThan(0);
    expect(documents).toContain('quiet-fn > quiet-fn > ## handlers.nested > CreatePost');
  });

  it('does no I/O under NODE_ENV=test without a collector address', async () => {
    const { sockets, documents, result } = await invokeCountingSockets({
      ...base,
      capture,
      // No collector address of any backend.
      env: {
        AWS_XRAY_DAEMON_ADDRESS: undefined,
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
      },
    });
    expect(result).toMatchObject({ statusCode: 201 });
    expect(sockets).toBe(0);
    expect(documents).toEqual(LAMBDA_SERVICE_DOCUMENTS);
  });

  it('does no I/O with POWERTOOLS_TRACE_ENABLED=false, collector or not', async () => {
    const { sockets, documents, result } = await invokeCountingSockets({
      ...base,
      capture,
      env: { POWERTOOLS_TRACE_ENABLED: 'false' },
    });
    expect(result).toMatchObject({ statusCode: 201 });
    expect(sockets).toBe(0);
    expect(documents).toEqual(LAMBDA_SERVICE_DOCUMENTS);
  });
});
