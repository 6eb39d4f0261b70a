import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { annotate, captureTraceError, logger } from '@traced-social/observability';
import { HttpError } from './errors';
import { httpErrorResponse, internalErrorResponse } from './responses';

/** The `userId` annotation of a request whose caller is not (yet) known. */
export const ANONYMOUS_USER_ID = 'anonymous';

export type ApiHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** The id a client quotes when reporting a failure: API Gateway's, else Lambda's. */
export function requestIdOf(event: APIGatewayProxyEvent, context: Context): string {
  return event.requestContext?.requestId ?? context.awsRequestId;
}

/**
 * Turns what an API handler throws into its answer: an `HttpError` becomes its status and JSON
 * body (with `errorType` annotated), anything else a 500 carrying only the request id, with the
 * error recorded on the trace and logged. Use inside `withTracing`:
 * `export const handler = withTracing(httpApi(async (event) => ...), { operationType })`.
 */
export function httpApi(fn: ApiHandler): ApiHandler {
  return async (event, context) => {
    const requestId = requestIdOf(event, context);
    // Every request carries userId: this one until the caller is known (authenticate, login).
    annotate('userId', ANONYMOUS_USER_ID);
    try {
      return await fn(event, context);
    } catch (error) {
      if (error instanceof HttpError) {
        annotate('errorType', error.code);
        return httpErrorResponse(error, requestId);
      }
      captureTraceError(error, { requestId });
      logger.error('Unhandled error', { requestId, error });
      return internalErrorResponse(requestId);
    }
  };
}
