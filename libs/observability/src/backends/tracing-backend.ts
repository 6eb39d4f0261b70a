import type { TraceErrorInfo } from '../conventions/errors';

/**
 * The boundary between the tracing conventions and a tracing backend (`xray/`: the X-Ray SDK via
 * Powertools; `otel/`: OpenTelemetry; `disabled-backend`; picked by `select-backend`). Conventions
 * (names, key validation, redaction, caps, budget) are applied above it: a backend receives only
 * clean values and records them as they are.
 * No backend type crosses it.
 */
export type SpanAttributeValue = string | number | boolean;

/** An open subsegment (X-Ray) or span (OpenTelemetry). */
export interface TraceSpan {
  /** The id a child in another trace names as its parent (X-Ray: the 16-hex subsegment id). */
  readonly id: string;
  /** An indexed, searchable annotation. */
  annotate(key: string, value: SpanAttributeValue): void;
  /** Unindexed detail, under the service's namespace. */
  addMetadata(key: string, value: unknown): void;
  recordError(error: TraceErrorInfo): void;
  /** The HTTP status the operation answered (sets error/fault flags for 4xx/5xx). */
  setHttpStatus(status: number): void;
  /** Closes the span; it is sent (X-Ray streams each closed subsegment). Idempotent. */
  close(): void;
}

/** Where a record's processing attaches in the producer's trace. */
export interface RemoteParent {
  traceId: string;
  parentId: string;
  sampled: boolean;
}

export interface InvocationOptions {
  serviceName: string;
  /** This invocation is the instance's cold start (`cold-start.ts`): the `ColdStart` annotation. */
  coldStart: boolean;
}

export interface TracingBackend {
  readonly name: string;
  /** False for the disabled backend: the conventions skip all work. */
  readonly enabled: boolean;
  /**
   * Opens the invocation's handler span (a child of the Lambda function segment, with the
   * backend's ColdStart/Service annotations), runs `fn` inside it and returns what `fn` returns.
   * The caller closes the span once `fn`'s result (or promise) settles.
   */
  runInvocation<T>(
    name: string,
    options: InvocationOptions,
    fn: (span: TraceSpan | undefined) => T,
  ): T;
  /** Opens a child of the current span and runs `fn` in it; without a current span, `fn(undefined)`. */
  runInSpan<T>(name: string, fn: (span: TraceSpan | undefined) => T): T;
  /** Opens a root span in another trace (the producer's) under `parent` and runs `fn` in it. */
  runInRemoteTrace<T>(
    name: string,
    parent: RemoteParent,
    fn: (span: TraceSpan | undefined) => T,
  ): T;
  /** The innermost open span of the current context. */
  currentSpan(): TraceSpan | undefined;
  /** `Root=...;Parent=<current span>;Sampled=...` for the current context, if traced. */
  currentTraceHeader(): string | undefined;
  /** Records the AWS calls of an AWS SDK v3 client. */
  captureAwsClient<T>(client: T): T;
  /** Sends anything buffered; resolves when done or after the backend's bounded wait. */
  flush(): Promise<void>;
}
