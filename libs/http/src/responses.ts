import type { APIGatewayProxyResult } from 'aws-lambda';
import type { HttpError } from './errors';

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;

/** A JSON answer. */
export function json(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  };
}

/** 204, no body. */
export function noContent(): APIGatewayProxyResult {
  return { statusCode: 204, headers: {}, body: '' };
}

/** The shape of every error answer. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    fields?: Record<string, string[]>;
  };
}

export function httpErrorResponse(error: HttpError, requestId: string): APIGatewayProxyResult {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      requestId,
      ...(error.fields ? { fields: error.fields } : {}),
    },
  };
  return json(error.status, body, error.headers);
}

/** 500: the request id to quote, nothing about what went wrong inside. */
export function internalErrorResponse(requestId: string): APIGatewayProxyResult {
  const body: ErrorBody = {
    error: { code: 'INTERNAL', message: 'Something went wrong on our side', requestId },
  };
  return json(500, body);
}
