import type { AnnotationValue } from '@traced-social/trace-model';
import {
  annotationKeyProblem,
  InvalidAnnotationKeyError,
  type AnnotationKey,
} from './conventions/annotation-keys';
import { operationNameProblem } from './conventions/naming';
import { conventionViolation } from './convention-violations';
import { currentInvocation } from './invocation';
import { runtime } from './runtime';
import { runAndClose, writeAnnotation, writeError, writeMetadata } from './span-writer';

export interface TracedOperationOptions {
  /** Annotations set on the operation's subsegment (same rules as `annotate`). */
  annotations?: Partial<Record<AnnotationKey, AnnotationValue>>;
  /** Metadata recorded on the operation's subsegment (redacted and capped). */
  metadata?: Record<string, unknown>;
}

export class InvalidOperationNameError extends Error {
  override readonly name = 'InvalidOperationNameError';
}

/**
 * Runs `fn` inside a subsegment named `name` and returns what `fn` returns: a sync function stays
 * sync; a promise is awaited before the subsegment closes. On a throw or rejection the error is
 * recorded on the subsegment (redacted, `fault` or `error`) and rethrown. Calls nest.
 * Past the invocation's subsegment budget, `fn` runs untraced and the drop is counted.
 */
export function tracedOperation<T>(name: string, fn: () => T, options?: TracedOperationOptions): T {
  const problem = operationNameProblem(name);
  if (problem) conventionViolation(new InvalidOperationNameError(problem));
  const { backend, config } = runtime();
  if (!backend.enabled) {
    if (options?.annotations) checkAnnotationKeys(Object.keys(options.annotations));
    return fn();
  }
  const invocation = currentInvocation();
  if (invocation && invocation.subsegmentsOpened >= config.subsegmentBudget) {
    invocation.subsegmentsDropped += 1;
    return fn();
  }
  return backend.runInSpan(name, (span) => {
    if (!span) return fn();
    if (invocation) invocation.subsegmentsOpened += 1;
    for (const [key, value] of Object.entries(options?.annotations ?? {})) {
      if (isValidKey(key) && value !== undefined) writeAnnotation(span, key, value);
    }
    for (const [key, value] of Object.entries(options?.metadata ?? {}))
      writeMetadata(span, key, value);
    return runAndClose(span, fn);
  });
}

/**
 * Sets an indexed annotation on the current subsegment. Keys must be in the typed set (letters,
 * digits, underscore); an invalid key throws under NODE_ENV=test and is logged and dropped
 * elsewhere. String values are redacted and shortened.
 */
export function annotate(key: AnnotationKey, value: string | number | boolean): void {
  if (!isValidKey(key)) return;
  if (!isAnnotationValue(value)) {
    conventionViolation(
      new TypeError(`annotation "${key}" needs a string, a finite number or a boolean`),
    );
    return;
  }
  const span = runtime().backend.currentSpan();
  if (span) writeAnnotation(span, key, value);
}

/** Records unindexed detail on the current subsegment, redacted and capped in size. */
export function addMetadata(key: string, value: unknown): void {
  if (!key) {
    conventionViolation(new TypeError('metadata needs a non-empty key'));
    return;
  }
  const span = runtime().backend.currentSpan();
  if (span) writeMetadata(span, key, value);
}

/**
 * Records a handled error on the current subsegment: the `errorType` annotation, the redacted
 * exception, the fault flag (or the error flag for a 4xx-style error), and `context` as metadata.
 */
export function captureTraceError(error: unknown, context?: Record<string, unknown>): void {
  const span = runtime().backend.currentSpan();
  if (!span) return;
  writeError(span, error, { annotate: true });
  if (context) writeMetadata(span, 'errorContext', context);
}

/** Wraps an AWS SDK v3 client (DynamoDB, DynamoDBDocumentClient, Kinesis, S3) so its calls are traced. */
export function captureAwsClient<T>(client: T): T {
  return runtime().backend.captureAwsClient(client);
}

function isValidKey(key: string): boolean {
  const problem = annotationKeyProblem(key);
  if (!problem) return true;
  conventionViolation(new InvalidAnnotationKeyError(problem));
  return false;
}

function checkAnnotationKeys(keys: string[]): void {
  keys.forEach(isValidKey);
}

function isAnnotationValue(value: unknown): value is AnnotationValue {
  return (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}
