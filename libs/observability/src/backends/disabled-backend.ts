import type { TracingBackend } from './tracing-backend';

/** Tracing off: runs the code, records nothing, loads no tracing SDK, does no I/O. */
export const disabledBackend: TracingBackend = {
  name: 'disabled',
  enabled: false,
  runInvocation: (_name, _options, fn) => fn(undefined),
  runInSpan: (_name, fn) => fn(undefined),
  runInRemoteTrace: (_name, _parent, fn) => fn(undefined),
  currentSpan: () => undefined,
  currentTraceHeader: () => undefined,
  captureAwsClient: (client) => client,
  flush: () => Promise.resolve(),
};
