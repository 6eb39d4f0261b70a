import type { APIGatewayProxyEvent } from 'aws-lambda';
import { tracedOperation } from '@traced-social/observability';
import * as z from 'zod/mini';
import { en } from 'zod/locales';
import { badRequest, payloadTooLarge, validationFailed } from './errors';

// zod/mini ships no messages ("Invalid input" for everything): field errors in English.
z.config(en());

/**
 * A schema of `zod/mini` (or of any zod 4 build): what the API's validation takes. `zod/mini`
 * because its functions tree-shake; the classic `zod` entry adds ~440 KB to every bundle
 * (decision 1901).
 */
export type Schema<T> = z.core.$ZodType<T>;

/** Bodies above this are refused with 413 unless a route says otherwise. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024;

export interface RequestSchemas<B, P, Q> {
  body?: Schema<B>;
  pathParameters?: Schema<P>;
  query?: Schema<Q>;
  maxBodyBytes?: number;
}

export interface ValidRequest<B, P, Q> {
  body: B;
  pathParameters: P;
  query: Q;
}

/**
 * Parses and validates a request's body (JSON), path parameters and query string with zod, as the
 * traced "Request Validation" step. Throws 413 for an oversized body, 400 for malformed JSON and
 * 400 with every field error (`body.text`, `path.postId`, `query.limit`) for invalid values.
 */
export function validateRequest<B = undefined, P = undefined, Q = undefined>(
  event: APIGatewayProxyEvent,
  schemas: RequestSchemas<B, P, Q>,
): ValidRequest<B, P, Q> {
  return tracedOperation('Request Validation', () => {
    const fields: Record<string, string[]> = {};
    const check = <T>(schema: Schema<T> | undefined, value: unknown, prefix: string): T => {
      if (!schema) return undefined as T;
      const result = z.safeParse(schema, value);
      if (result.success) return result.data;
      for (const issue of result.error.issues) {
        const name = [prefix, ...issue.path.map(String)].join('.');
        (fields[name] ??= []).push(issue.message);
      }
      return undefined as T;
    };
    const body = check(
      schemas.body,
      schemas.body ? parseJsonBody(event, schemas.maxBodyBytes) : undefined,
      'body',
    );
    const pathParameters = check(schemas.pathParameters, event.pathParameters ?? {}, 'path');
    const query = check(schemas.query, event.queryStringParameters ?? {}, 'query');
    if (Object.keys(fields).length) throw validationFailed(fields);
    return { body, pathParameters, query };
  });
}

function parseJsonBody(event: APIGatewayProxyEvent, maxBytes = DEFAULT_MAX_BODY_BYTES): unknown {
  if (event.body === null || event.body === undefined || event.body === '') {
    throw badRequest('A JSON body is required', { body: ['Required'] });
  }
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body, 'base64')
    : Buffer.from(event.body, 'utf8');
  if (raw.byteLength > maxBytes) throw payloadTooLarge(maxBytes);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw badRequest('The body is not valid JSON', { body: ['Malformed JSON'] });
  }
}
