import type { Context } from 'aws-lambda';
import { OPERATION_TYPE_PATTERN, handlerSubsegmentName } from './conventions/naming';
import { takeColdStart } from './cold-start';
import { conventionViolation } from './convention-violations';
import { runInInvocation, type InvocationState } from './invocation';
import { runtime } from './runtime';
import { runAndClose, writeAnnotation, writeError } from './span-writer';
import type { TraceSpan } from './backends/tracing-backend';
import { logger } from './telemetry/logger';
import { captureColdStartMetric, flushMetrics } from './telemetry/metrics';

export interface WithTracingOptions {
  /** UPPER_SNAKE operation type (CREATE_POST): the `operationType` annotation of every trace. */
  operationType: string;
}

export type LambdaHandler<TEvent, TResult> = (event: TEvent, context: Context) => Promise<TResult>;

export class InvalidOperationTypeError extends Error {
  override readonly name = 'InvalidOperationTypeError';
}

/**
 * The one way to trace a Lambda handler. Each invocation runs in the `## <handler>` subsegment
 * annotated with `operationType`, `ColdStart` and `Service`; an API response's `statusCode` is
 * recorded (4xx → error, 5xx → fault); an escaping error is recorded with `errorType` and
 * rethrown; subsegments dropped by the budget are counted on it; metrics are flushed.
 */
export function withTracing<TEvent, TResult>(
  handler: LambdaHandler<TEvent, TResult>,
  options: WithTracingOptions,
): LambdaHandler<TEvent, TResult> {
  const { operationType } = options;
  if (!OPERATION_TYPE_PATTERN.test(operationType)) {
    conventionViolation(
      new InvalidOperationTypeError(
        `operationType must be UPPER_SNAKE_CASE, got "${operationType}"`,
      ),
    );
  }
  return (event, context) =>
    runInInvocation(async (state) => {
      const { backend, config } = runtime();
      // Every log line of the invocation carries the operation type, so Logs Insights can group
      // by it (X-Ray annotations never reach the logs).
      tagLogsWith(operationType);
      const coldStart = takeColdStart();
      captureColdStartMetric(context.functionName);
      try {
        return await backend.runInvocation(
          handlerSubsegmentName(),
          { serviceName: config.serviceName, coldStart },
          (span) =>
            span
              ? traceInvocation(span, state, operationType, () => handler(event, context))
              : handler(event, context),
        );
      } catch (error) {
        // An error escaping the handler fails the invocation: log it (redacted) at ERROR so the
        // error-rate query by operationType sees it, then let Lambda fail the invocation.
        if (error instanceof Error) logger.error('Invocation failed', error);
        else logger.error('Invocation failed', { error: String(error) });
        throw error;
      } finally {
        flushMetrics();
        await backend.flush();
      }
    });
}

/**
 * Sets the `operationType` key of every log line, as a persistent key and only when the logger
 * does not carry this value already: appending it on every invocation cost ~16 µs of each
 * (Powertools merges the keys and reads the environment twice per call), for a value that is the
 * same for every invocation of a function. Persistent, so a handler's `logger.resetKeys()` (which
 * clears temporary keys) keeps it; read back from the logger (a copy of a few keys), so one
 * that removed it (`removePersistentKeys`) or another handler of the instance that set its own
 * gets it back at the next invocation.
 */
function tagLogsWith(operationType: string): void {
  if (logger.getPersistentLogAttributes().operationType === operationType) return;
  logger.appendPersistentKeys({ operationType });
}

function traceInvocation<TResult>(
  span: TraceSpan,
  state: InvocationState,
  operationType: string,
  run: () => Promise<TResult>,
): Promise<TResult> {
  writeAnnotation(span, 'operationType', operationType);
  // The stage's X-Ray groups match only traces annotated with it (one account may hold several).
  const { stage } = runtime().config;
  if (stage) writeAnnotation(span, 'stage', stage);
  const finish = (): void => {
    if (state.subsegmentsDropped > 0) {
      span.annotate('droppedSubsegments', state.subsegmentsDropped);
      span.addMetadata('subsegmentBudget', {
        budget: runtime().config.subsegmentBudget,
        opened: state.subsegmentsOpened,
        dropped: state.subsegmentsDropped,
      });
    }
  };
  return runAndClose(
    span,
    async () => {
      try {
        const result = await run();
        const status = httpStatusOf(result);
        if (status !== undefined) {
          span.setHttpStatus(status);
          writeAnnotation(span, 'statusCode', status);
        }
        return result;
      } finally {
        finish();
      }
    },
    (error) => writeError(span, error, { annotate: true }),
  );
}

/** The status code of an API Gateway proxy result, if the handler returned one. */
function httpStatusOf(result: unknown): number | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const status = (result as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}
