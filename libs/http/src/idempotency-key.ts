import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  IdempotencyAlreadyInProgressError,
  IdempotencyConfig,
  IdempotencyValidationError,
  makeIdempotent,
} from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { baseClientConfig } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { addMetadata } from '@traced-social/observability';
import { HttpError, badRequest, conflict } from './errors';

/**
 * `Idempotency-Key` on a create route (decision 1402): a client that retries a request with the
 * same key gets the first answer back instead of a second resource. Powertools' idempotency
 * utility does the bookkeeping in the `idempotency` table (its record: in progress, then the
 * answer, expiring after the window); keys are scoped to the route and the caller, and a key
 * reused with another body is refused.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** How long a key's first answer is kept and replayed (decision 1402). */
export const IDEMPOTENCY_WINDOW_SECONDS = 60 * 60;
/** Header a replayed answer carries, so clients and traces can tell. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** The request's Idempotency-Key (any letter case), undefined when absent; malformed is a 400. */
export function idempotencyKeyOf(event: APIGatewayProxyEvent): string | undefined {
  const name = Object.keys(event.headers ?? {}).find(
    (header) => header.toLowerCase() === IDEMPOTENCY_HEADER.toLowerCase(),
  );
  const value = name ? event.headers[name] : undefined;
  if (value === undefined) return undefined;
  if (!KEY_PATTERN.test(value)) {
    throw badRequest('Invalid Idempotency-Key', {
      [`header.${IDEMPOTENCY_HEADER}`]: ['8 to 128 characters: letters, digits, _ . : -'],
    });
  }
  return value;
}

/** What identifies one logical request: the route, the caller and their key; and its payload. */
export interface IdempotentRequest<P> {
  route: string;
  userId: string;
  key: string;
  payload: P;
}

/**
 * Wraps a route's work so that a request with an Idempotency-Key runs it once per (route,
 * caller, key) within the window; a retry gets the stored answer (with `Idempotent-Replayed:
 * true`). A failed run (any thrown error) stores nothing: the retry runs again. Answers 409 while
 * the first request is still running and 422 for a key reused with another payload.
 */
export function idempotentWork<P>(
  work: (request: IdempotentRequest<P>) => Promise<APIGatewayProxyResult>,
): (request: IdempotentRequest<P>, context: Context) => Promise<APIGatewayProxyResult> {
  let once: ((request: IdempotentRequest<P>) => Promise<APIGatewayProxyResult>) | undefined;
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[route, userId, key]',
    payloadValidationJmesPath: 'payload',
    expiresAfterSeconds: IDEMPOTENCY_WINDOW_SECONDS,
    responseHook: (response) => {
      const answer = response as unknown as APIGatewayProxyResult;
      addMetadata('idempotency', { replayed: true });
      return {
        ...answer,
        headers: { ...answer.headers, [IDEMPOTENT_REPLAY_HEADER]: 'true' },
      } as unknown as typeof response;
    },
  });
  return async (request, context) => {
    // Created on first use, once the function's environment (table name, endpoint) is in place.
    once ??= makeIdempotent(work, {
      persistenceStore: new DynamoDBPersistenceLayer({
        tableName: tableName('idempotency'),
        // Not captured: the bookkeeping is metadata of the trace, not steps of it.
        awsSdkV3Client: new DynamoDBClient(baseClientConfig('DYNAMODB')),
      }),
      config,
      dataIndexArgument: 0,
    });
    // Lets a record left "in progress" by a crashed or timed-out run expire with the invocation.
    config.registerLambdaContext(context);
    try {
      return await once(request);
    } catch (error) {
      if (error instanceof IdempotencyAlreadyInProgressError) {
        throw conflict('A request with this Idempotency-Key is in progress');
      }
      if (error instanceof IdempotencyValidationError) {
        throw new HttpError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used with another request body',
        );
      }
      throw unwrapped(error);
    }
  };
}

/** Powertools wraps what the work threw; the route's own errors (a 4xx) must come out as they were. */
function unwrapped(error: unknown): unknown {
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  return error instanceof Error &&
    error.name.startsWith('Idempotency') &&
    cause instanceof HttpError
    ? cause
    : error;
}
