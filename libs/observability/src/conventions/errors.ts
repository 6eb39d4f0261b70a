import type { Redactor } from './redaction';

/** What a trace records of an error: redacted, and classified as the caller's fault or ours. */
export interface TraceErrorInfo {
  /** The `errorType` annotation: the error's name (`ValidationError`, `ConditionalCheckFailedException`). */
  type: string;
  message: string;
  stack?: string;
  /** 4xx-style errors (bad input, not found, conflict) set X-Ray's `error` flag; others `fault`. */
  kind: 'error' | 'fault';
  /** The HTTP status the error carries, if any (backends that flag errors by status use it). */
  status?: number;
}

export function describeError(error: unknown, redactor: Redactor): TraceErrorInfo {
  if (error instanceof Error) {
    const status = statusOf(error);
    return {
      type: errorTypeOf(error),
      message: redactor.redactString(error.message),
      stack: error.stack ? redactor.redactString(error.stack) : undefined,
      kind: status !== undefined && status >= 400 && status < 500 ? 'error' : 'fault',
      ...(status !== undefined ? { status } : {}),
    };
  }
  return {
    type: typeof error === 'string' ? 'Error' : `Thrown${capitalise(typeof error)}`,
    message: redactor.redactString(typeof error === 'string' ? error : safeString(error)),
    kind: 'fault',
  };
}

function errorTypeOf(error: Error): string {
  const name = error.name && error.name !== 'Error' ? error.name : error.constructor?.name;
  return (name || 'Error').replace(/[^A-Za-z0-9_]/g, '_');
}

/** HTTP status an error carries (`statusCode`, `status`, or the AWS SDK's `$metadata.httpStatusCode`). */
function statusOf(error: Error): number | undefined {
  const e = error as Error & {
    statusCode?: unknown;
    status?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  for (const candidate of [e.statusCode, e.status, e.$metadata?.httpStatusCode]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

function safeString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
