/** Messages between the local Lambda service (main thread) and a function instance (worker). */

export interface SerializedError {
  errorType: string;
  errorMessage: string;
  stack?: string[];
}

/** What the worker is started with (`workerData`). */
export interface WorkerBoot {
  bundleFile: string;
  /** Export name of the handler (`handler` in `_HANDLER=index.handler`). */
  handlerName: string;
}

export interface InvokeMessage {
  type: 'invoke';
  requestId: string;
  event: unknown;
  /** `_X_AMZN_TRACE_ID` for this invocation. */
  traceHeader: string;
  /** Epoch ms at which the invocation times out (`getRemainingTimeInMillis`). */
  deadlineMs: number;
  functionName: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
}

export type WorkerMessage =
  | { type: 'ready'; initMs: number }
  | { type: 'init-error'; error: SerializedError }
  | { type: 'result'; requestId: string; value: unknown }
  | { type: 'error'; requestId: string; error: SerializedError };

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return {
      errorType: error.name || 'Error',
      errorMessage: error.message,
      stack: error.stack
        ?.split('\n')
        .slice(1)
        .map((l) => l.trim()),
    };
  }
  return { errorType: 'Error', errorMessage: String(error) };
}
