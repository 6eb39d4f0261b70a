import { AWS_API_RPC_SYSTEM, AWS_CALL_ATTRIBUTES as A } from '../../otlp/xray-attributes';
import type { OtelSpan } from './otel-span';

/**
 * AWS SDK v3 client capture for the OpenTelemetry backend: one middleware on the client's stack
 * opens a client span per call, named after the service, with `rpc.system = aws-api`,
 * `aws.operation`, region, request id and the table / stream / bucket the call names, and the
 * error (with its HTTP status) when the call fails. The X-Ray mapping turns it into the same
 * `DynamoDB` / `Kinesis` / `S3` subsegment in namespace `aws` that the X-Ray SDK writes.
 */
export type StartClientSpan = (name: string, attributes: Record<string, string>) => OtelSpan;
export type RunInSpan = <T>(span: OtelSpan, fn: () => Promise<T>) => Promise<T>;
export type RecordFailure = (span: OtelSpan, error: unknown) => void;

interface HandlerContext {
  clientName?: string;
  commandName?: string;
}
interface CallOutput {
  output?: { $metadata?: { requestId?: string; httpStatusCode?: number } };
}
type Next = (args: { input: Record<string, unknown> }) => Promise<CallOutput>;
interface MiddlewareStack {
  add(
    middleware: (next: Next, context: HandlerContext) => Next,
    options: { step: 'initialize'; name: string; priority?: 'high' | 'low' },
  ): void;
  identify?(): string[];
}
interface CapturableClient {
  middlewareStack?: MiddlewareStack;
  config?: { region?: unknown };
}

const MIDDLEWARE_NAME = 'tracedSocialOtelCapture';

export function captureAwsClient<T>(
  client: T,
  start: StartClientSpan,
  run: RunInSpan,
  fail: RecordFailure,
): T {
  const { middlewareStack, config } = (client ?? {}) as CapturableClient;
  if (!middlewareStack) return client;
  // The client's region is fixed once resolved: resolved at the first call, then read without an
  // await (each await is a promise and a microtask turn, with the context manager's hook on it).
  let region: Promise<string | undefined> | undefined;
  let resolvedRegion: { value: string | undefined } | undefined;
  // A document client shares its base client's stack: capture each call once.
  if (middlewareStack.identify?.().some((entry) => entry.startsWith(MIDDLEWARE_NAME)))
    return client;
  middlewareStack.add(
    (next, context) => async (args) => {
      const service = serviceName(context.clientName);
      const operation = operationName(context.commandName);
      const attributes: Record<string, string> = {
        [A.rpcSystem]: AWS_API_RPC_SYSTEM,
        [A.rpcService]: service,
        [A.rpcMethod]: operation,
        [A.service]: service,
        [A.operation]: operation,
      };
      addResourceAttributes(attributes, args.input);
      const span = start(service, attributes);
      resolvedRegion ??= { value: await (region ??= regionOf(config)) };
      if (resolvedRegion.value) span.setAttribute(A.region, resolvedRegion.value);
      try {
        const result = await run(span, () => next(args));
        const meta = result.output?.$metadata;
        if (meta?.requestId) span.setAttribute(A.requestId, meta.requestId);
        if (meta?.httpStatusCode) span.setHttpStatus(meta.httpStatusCode);
        span.close();
        return result;
      } catch (error) {
        const meta = (error as { $metadata?: { requestId?: string } }).$metadata;
        if (meta?.requestId) span.setAttribute(A.requestId, meta.requestId);
        fail(span, error);
        span.close();
        throw error;
      }
    },
    { step: 'initialize', name: MIDDLEWARE_NAME, priority: 'high' },
  );
  return client;
}

/** `DynamoDBClient` → `DynamoDB`, `PutItemCommand` → `PutItem`: remembered (a few per client). */
const serviceName = withoutSuffix('Client', 'AWS');
const operationName = withoutSuffix('Command', 'Call');

/** A name without `suffix` (`fallback` when there is none), computed once per name. */
function withoutSuffix(suffix: string, fallback: string): (name: string | undefined) => string {
  const names = new Map<string | undefined, string>();
  const pattern = new RegExp(`${suffix}$`);
  return (name) => {
    let short = names.get(name);
    if (short === undefined) {
      short = (name ?? fallback).replace(pattern, '');
      names.set(name, short);
    }
    return short;
  };
}

/** Adds the table, stream or bucket a call names (never item keys or values) to `out`. */
function addResourceAttributes(
  out: Record<string, string>,
  input: Record<string, unknown> | undefined,
): void {
  if (!input) return;
  if (typeof input.TableName === 'string') out[A.tableName] = input.TableName;
  if (typeof input.StreamName === 'string') out[A.streamName] = input.StreamName;
  else if (typeof input.StreamARN === 'string') {
    out[A.streamName] = input.StreamARN.split('/').pop() ?? input.StreamARN;
  }
  if (typeof input.Bucket === 'string') out[A.bucket] = input.Bucket;
}

async function regionOf(config: CapturableClient['config']): Promise<string | undefined> {
  const region = config?.region;
  try {
    const value = typeof region === 'function' ? await (region as () => unknown)() : region;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
