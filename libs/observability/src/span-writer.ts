import type { AnnotationValue } from '@traced-social/trace-model';
import type { TraceSpan } from './backends/tracing-backend';
import { describeError } from './conventions/errors';
import { capAnnotationString, capMetadataValue } from './conventions/metadata-cap';
import { currentInvocation } from './invocation';
import { runtime } from './runtime';
import { logger } from './telemetry/logger';

/**
 * Writes onto a span with the conventions applied: values redacted, metadata capped, annotations
 * within the per-invocation budget. Every public helper writes through here.
 */
export function writeAnnotation(span: TraceSpan, key: string, value: AnnotationValue): void {
  const clean =
    typeof value === 'string' ? capAnnotationString(runtime().redactor.redactString(value)) : value;
  const invocation = currentInvocation();
  if (invocation) {
    if (invocation.annotationsWritten >= runtime().config.annotationBudget) {
      if (Object.keys(invocation.annotationsDropped).length === 0) {
        logger.warn('annotation budget reached: further annotations are recorded as metadata', {
          budget: runtime().config.annotationBudget,
          key,
        });
      }
      invocation.annotationsDropped[key] = clean;
      span.addMetadata('droppedAnnotations', { ...invocation.annotationsDropped });
      return;
    }
    invocation.annotationsWritten += 1;
  }
  span.annotate(key, clean);
}

export function writeMetadata(span: TraceSpan, key: string, value: unknown): void {
  const { redactor, config } = runtime();
  span.addMetadata(key, capMetadataValue(redactor.redact(value), config.metadataMaxBytes));
}

/** Records an error on a span: redacted exception, fault or error flag, optionally `errorType`. */
export function writeError(span: TraceSpan, error: unknown, options: { annotate: boolean }): void {
  const info = describeError(error, runtime().redactor);
  if (options.annotate) writeAnnotation(span, 'errorType', info.type);
  span.recordError(info);
}

export function isPromiseLike<T>(value: unknown): value is PromiseLike<T> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Runs `fn` with `span` open and closes it when `fn` returns, throws, or (for a promise) settles,
 * recording the error before closing. Sync stays sync.
 */
export function runAndClose<T>(
  span: TraceSpan,
  fn: () => T,
  onError?: (error: unknown) => void,
): T {
  const fail = (error: unknown): never => {
    try {
      if (onError) onError(error);
      else writeError(span, error, { annotate: false });
    } finally {
      span.close();
    }
    throw error;
  };
  let result: T;
  try {
    result = fn();
  } catch (error) {
    return fail(error);
  }
  if (isPromiseLike<Awaited<T>>(result)) {
    return Promise.resolve(result).then((value) => {
      span.close();
      return value;
    }, fail) as T;
  }
  span.close();
  return result;
}
