import { createSocket } from 'node:dgram';
import { basename, extname } from 'node:path';
import type { Context } from 'aws-lambda';
import {
  buildLambdaSegments,
  encodeDaemonDatagram,
  formatTraceHeader,
  newSegmentId,
  newTraceId,
  type TraceNode,
} from '@traced-social/trace-model';
import { fakeLambdaContext } from './lambda-context';
import type { SegmentCapture, WaitForTraceOptions } from './segment-capture';

export type InvokableHandler<TEvent = unknown, TResult = unknown> = (
  event: TEvent,
  context: Context,
) => Promise<TResult>;

export interface LambdaFunctionOptions<TEvent, TResult> {
  /** Where the daemon traffic goes (AWS_XRAY_DAEMON_ADDRESS) and where traces are read back. */
  capture: SegmentCapture;
  /**
   * The handler, loaded AFTER the Lambda environment is set (Powertools and the X-Ray SDK read it
   * at import). An absolute module path is loaded fresh: under Jest in `jest.isolateModules`, so
   * each function instance gets its own copy of every module (a real cold start). A callback is
   * called as is: isolate it yourself if the module may already be loaded.
   */
  handler:
    string | (() => InvokableHandler<TEvent, TResult> | Promise<InvokableHandler<TEvent, TResult>>);
  /** Export holding the handler when `handler` is a path (default `handler`). */
  exportName?: string;
  /** `_HANDLER` (names the `## <handler>` subsegment); default `<file>.<export>` or `index.handler`. */
  handlerName?: string;
  functionName?: string;
  /** POWERTOOLS_SERVICE_NAME (default the function name). */
  serviceName?: string;
  region?: string;
  /** More environment (tables, endpoints, credentials); `undefined` removes a variable. */
  env?: Record<string, string | undefined>;
}

export interface InvokeOptions {
  /** Invoke as part of an existing trace (an API Gateway or caller segment) instead of a new one. */
  parent?: { traceId: string; parentId: string };
  /** How long to wait for the trace's segments (defaults of `waitForTrace`). */
  wait?: WaitForTraceOptions;
}

export interface LambdaInvocation<TResult> {
  result?: TResult;
  /** What the handler threw (the invocation then reports a fault, as Lambda does). */
  error?: unknown;
  traceId: string;
  /** Id of the AWS::Lambda::Function segment (the `Parent` in `_X_AMZN_TRACE_ID`). */
  functionSegmentId: string;
  requestId: string;
  coldStart: boolean;
  /** The whole trace: AWS::Lambda > AWS::Lambda::Function > ## handler > ... */
  tree: TraceNode[];
}

export interface LambdaFunctionInstance<TEvent, TResult> {
  invoke(event: TEvent, options?: InvokeOptions): Promise<LambdaInvocation<TResult>>;
  /** Restores the environment as it was before the instance started. */
  close(): void;
}

/**
 * Starts one function instance as Lambda would: sets Lambda's environment, loads the handler
 * (cold start), and invokes it with a fresh `_X_AMZN_TRACE_ID` per invocation, emitting the
 * AWS::Lambda and AWS::Lambda::Function segments the Lambda service would. One instance at a time
 * per process: the environment is process-wide, as in Lambda.
 */
export async function startLambdaFunction<TEvent, TResult>(
  options: LambdaFunctionOptions<TEvent, TResult>,
): Promise<LambdaFunctionInstance<TEvent, TResult>> {
  const exportName = options.exportName ?? 'handler';
  const functionName = options.functionName ?? 'test-function';
  const region = options.region ?? 'us-east-1';
  const handlerName =
    options.handlerName ??
    (typeof options.handler === 'string'
      ? `${basename(options.handler, extname(options.handler))}.${exportName}`
      : 'index.handler');

  const restoreEnv = setEnv({
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${functionName}`,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    LAMBDA_TASK_ROOT: process.cwd(),
    _HANDLER: handlerName,
    POWERTOOLS_SERVICE_NAME: options.serviceName ?? functionName,
    AWS_XRAY_DAEMON_ADDRESS: options.capture.address,
    // The OpenTelemetry backend (TRACING_BACKEND=otel) exports here; the X-Ray one ignores it.
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: options.capture.otlpEndpoint,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    // The http/https patch is process-wide and survives module reloads: a later instance in the
    // same test process would see HTTP subsegments parented by a stale copy of the SDK.
    POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
    // Quiet test output: EMF lines and info logs go to stdout; turn them on through `env`.
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    _X_AMZN_TRACE_ID: undefined,
    ...options.env,
  });

  let handler: InvokableHandler<TEvent, TResult>;
  const loadStarted = Date.now();
  try {
    handler = await loadHandler(options.handler, exportName);
  } catch (error) {
    restoreEnv();
    throw error;
  }
  const initDuration = (Date.now() - loadStarted) / 1000;
  const sender = createSocket('udp4');
  let invocations = 0;

  const invoke = async (
    event: TEvent,
    invokeOptions: InvokeOptions = {},
  ): Promise<LambdaInvocation<TResult>> => {
    const coldStart = invocations++ === 0;
    const traceId = invokeOptions.parent?.traceId ?? newTraceId();
    const functionSegmentId = newSegmentId();
    process.env._X_AMZN_TRACE_ID = formatTraceHeader({
      root: traceId,
      parent: functionSegmentId,
      sampled: true,
      extra: [],
    });
    const context = fakeLambdaContext({ functionName, region });
    const startTime = Date.now() / 1000;
    let result: TResult | undefined;
    let error: unknown;
    try {
      result = await handler(event, context);
    } catch (thrown) {
      error = thrown;
    }
    const endTime = Date.now() / 1000;
    const failed = error !== undefined;
    const segments = buildLambdaSegments({
      traceId,
      upstreamParentId: invokeOptions.parent?.parentId,
      functionSegmentId,
      functionName,
      functionArn: context.invokedFunctionArn,
      region,
      requestId: context.awsRequestId,
      startTime,
      endTime,
      ...(coldStart ? { initDuration } : {}),
      // Only the error's type: its message is the function's to redact, not the harness's.
      ...(failed ? { fault: true, cause: { exceptions: [{ type: errorName(error) }] } } : {}),
    });
    await Promise.all(
      segments.map((doc) => send(sender, encodeDaemonDatagram(doc), options.capture.port)),
    );
    const tree = await options.capture.waitForTrace(traceId, {
      minDocuments: 2,
      ...invokeOptions.wait,
    });
    return {
      result,
      error,
      traceId,
      functionSegmentId,
      requestId: context.awsRequestId,
      coldStart,
      tree,
    };
  };

  return {
    invoke,
    close: () => {
      sender.close();
      restoreEnv();
    },
  };
}

/** Starts a function instance, invokes it once (a cold start) and closes it. */
export async function invokeAsLambda<TEvent, TResult>(
  options: LambdaFunctionOptions<TEvent, TResult> & { event: TEvent; invoke?: InvokeOptions },
): Promise<LambdaInvocation<TResult>> {
  const instance = await startLambdaFunction(options);
  try {
    return await instance.invoke(options.event, options.invoke);
  } finally {
    instance.close();
  }
}

async function loadHandler<TEvent, TResult>(
  source: LambdaFunctionOptions<TEvent, TResult>['handler'],
  exportName: string,
): Promise<InvokableHandler<TEvent, TResult>> {
  if (typeof source === 'function') return source();
  const loaded = loadModuleFresh(source);
  const handler = loaded[exportName];
  if (typeof handler !== 'function') {
    throw new Error(`${source} does not export a function "${exportName}"`);
  }
  return handler as InvokableHandler<TEvent, TResult>;
}

function loadModuleFresh(path: string): Record<string, unknown> {
  let loaded: Record<string, unknown> = {};
  const load = (): void => void (loaded = require(path) as Record<string, unknown>);
  if (typeof jest !== 'undefined') jest.isolateModules(load);
  else load();
  return loaded;
}

function setEnv(values: Record<string, string | undefined>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    previous.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  return () => {
    for (const [key, value] of previous) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

function send(
  socket: ReturnType<typeof createSocket>,
  datagram: Buffer,
  port: number,
): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(datagram, port, '127.0.0.1', (error) => (error ? reject(error) : resolve())),
  );
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
