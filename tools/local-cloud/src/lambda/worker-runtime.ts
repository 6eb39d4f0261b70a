/**
 * The Lambda runtime inside one function instance (a worker thread with its own `process.env`).
 * It loads the handler bundle once (the cold start), then runs one invocation at a time, as
 * Lambda does: `_X_AMZN_TRACE_ID` set for the invocation, a context object, async or callback
 * handlers, and the result passed back as JSON (what Lambda would serialise).
 * Bundled by esbuild into the data directory at start; never imported by the main thread.
 */
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context, Handler } from 'aws-lambda';
import {
  serializeError,
  type InvokeMessage,
  type WorkerBoot,
  type WorkerMessage,
} from './worker-protocol';

const port = parentPort;
if (!port) throw new Error('worker-runtime must run in a worker thread');
const boot = workerData as WorkerBoot;
const post = (message: WorkerMessage): void => port.postMessage(message);
// A worker ignores NODE_OPTIONS; honour the function's `--enable-source-maps` here.
if (process.env.NODE_OPTIONS?.includes('--enable-source-maps')) process.setSourceMapsEnabled(true);

let handler: Handler | undefined;
const started = performance.now();
try {
  const loaded = createRequire(boot.bundleFile)(boot.bundleFile) as Record<string, unknown>;
  const candidate = loaded[boot.handlerName];
  if (typeof candidate !== 'function') {
    throw Object.assign(
      new Error(`${boot.bundleFile} does not export a function "${boot.handlerName}"`),
      {
        name: 'Runtime.HandlerNotFound',
      },
    );
  }
  handler = candidate as Handler;
  post({ type: 'ready', initMs: performance.now() - started });
} catch (error) {
  post({ type: 'init-error', error: serializeError(error) });
}

port.on('message', (message: InvokeMessage) => {
  if (message.type !== 'invoke' || !handler) return;
  process.env._X_AMZN_TRACE_ID = message.traceHeader;
  run(handler, message).then(
    (value) => post({ type: 'result', requestId: message.requestId, value }),
    (error: unknown) =>
      post({ type: 'error', requestId: message.requestId, error: serializeError(error) }),
  );
});

async function run(fn: Handler, message: InvokeMessage): Promise<unknown> {
  const value = await new Promise<unknown>((resolve, reject) => {
    const callback = (error?: unknown, result?: unknown): void =>
      error ? reject(error) : resolve(result);
    const context = contextFor(message, callback);
    try {
      const returned = fn(message.event, context, callback) as unknown;
      if (returned && typeof (returned as Promise<unknown>).then === 'function') {
        (returned as Promise<unknown>).then(resolve, reject);
      }
    } catch (error) {
      reject(error);
    }
  });
  // Lambda hands the caller the JSON serialisation of the result.
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

function contextFor(
  message: InvokeMessage,
  callback: (error?: unknown, result?: unknown) => void,
): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: message.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: message.invokedFunctionArn,
    memoryLimitInMB: message.memoryLimitInMB,
    awsRequestId: message.requestId,
    logGroupName: message.logGroupName,
    logStreamName: message.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadlineMs - Date.now()),
    done: (error?: Error, result?: unknown) => callback(error, result),
    fail: (error: Error | string) => callback(typeof error === 'string' ? new Error(error) : error),
    succeed: (result: unknown) => callback(undefined, result),
  };
}
