import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { readBoundedBody } from './bounded-body';
import {
  ACCEPTED_CONTENT_CODINGS,
  ContentEncodingError,
  decodeContentEncoding,
} from './content-encoding';

export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

/**
 * One HTTP endpoint. Every API of the collector is one of these, listed in `routes/index.ts`: a
 * new receiver (OTLP's `POST /v1/traces`) is one more module and one more entry.
 */
export interface Route<Context> {
  method: 'GET' | 'POST';
  /** An exact path, or a pattern whose groups are passed as `params`. */
  path: string | RegExp;
  handle(
    request: ApiRequest,
    context: Context,
    params: string[],
  ): ApiResponse | Promise<ApiResponse>;
}

/** An error answered in X-Ray's REST-JSON error shape (`x-amzn-ErrorType` + `Message`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Headers of the error answer beside X-Ray's own. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** X-Ray's answer to a request it cannot read: 400 InvalidRequestException. */
export function invalidRequest(message: string, extra: Record<string, unknown> = {}): ApiError {
  return new ApiError(400, 'InvalidRequestException', message, extra);
}

/** The `TraceIds` of a request: a list of strings (with `atLeastOne`, not empty). */
export function readTraceIds(
  body: Record<string, unknown>,
  { atLeastOne = false }: { atLeastOne?: boolean } = {},
): string[] {
  const ids = body.TraceIds;
  if (
    !Array.isArray(ids) ||
    (atLeastOne && ids.length === 0) ||
    !ids.every((id) => typeof id === 'string')
  ) {
    throw invalidRequest('TraceIds must be a list of trace ids');
  }
  return ids as string[];
}

export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function jsonResponse(body: unknown, status = 200): ApiResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Parses a JSON object body; anything else is X-Ray's InvalidRequestException. */
export function readJsonObject(request: ApiRequest): Record<string, unknown> {
  if (request.body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw invalidRequest('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidRequest('The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** Epoch seconds from a REST-JSON timestamp (a number, or an ISO string some clients send). */
export function readTimestamp(body: Record<string, unknown>, field: string, required: true): number;
export function readTimestamp(
  body: Record<string, unknown>,
  field: string,
  required: false,
): number | undefined;
export function readTimestamp(
  body: Record<string, unknown>,
  field: string,
  required: boolean,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) {
    if (required) throw invalidRequest(`${field} is required`);
    return undefined;
  }
  const seconds =
    typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) / 1000 : NaN;
  if (!Number.isFinite(seconds)) {
    throw invalidRequest(`${field} must be a timestamp`);
  }
  return seconds;
}

/** The required `StartTime`/`EndTime` range of a request (epoch seconds); a reversed range is a 400. */
export function readTimeRange(body: Record<string, unknown>): {
  startTime: number;
  endTime: number;
} {
  const startTime = readTimestamp(body, 'StartTime', true);
  const endTime = readTimestamp(body, 'EndTime', true);
  if (endTime < startTime) {
    throw invalidRequest('EndTime is before StartTime');
  }
  return { startTime, endTime };
}

function errorResponse(error: ApiError): ApiResponse {
  return {
    status: error.status,
    headers: {
      ...error.headers,
      'content-type': 'application/json',
      'x-amzn-errortype': error.type,
    },
    body: JSON.stringify({ __type: error.type, Message: error.message, ...error.extra }),
  };
}

/** A Node request listener serving these routes; unknown paths answer 404 in the same shape. */
export function createRequestListener<Context>(
  routes: Route<Context>[],
  context: Context,
  log: (line: string) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void respond(routes, context, req)
      .catch((error: unknown) => {
        if (error instanceof ApiError) return errorResponse(error);
        log(`trace collector: ${req.method} ${req.url} failed: ${(error as Error).stack ?? error}`);
        return errorResponse(
          new ApiError(500, 'InternalFailure', 'Internal error in the collector'),
        );
      })
      .then((answer) => {
        res.writeHead(answer.status, answer.headers);
        res.end(answer.body);
      });
  };
}

async function respond<Context>(
  routes: Route<Context>[],
  context: Context,
  req: IncomingMessage,
): Promise<ApiResponse> {
  const url = new URL(req.url ?? '/', 'http://collector');
  const body = await decodedBody(req);
  const request: ApiRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body,
  };
  for (const route of routes) {
    if (route.method !== request.method) continue;
    if (typeof route.path === 'string') {
      if (route.path === request.path) return route.handle(request, context, []);
    } else {
      const match = route.path.exec(request.path);
      if (match) return route.handle(request, context, match.slice(1).map(decodeURIComponent));
    }
  }
  throw new ApiError(404, 'UnknownOperationException', `No ${request.method} ${request.path} here`);
}

/** The request's body, its `Content-Encoding` undone (gzip from OTLP exporters, for one). */
async function decodedBody(req: IncomingMessage): Promise<Buffer> {
  const encoding = req.headers['content-encoding'];
  const body = await readBody(req);
  if (!encoding) return body;
  try {
    return await decodeContentEncoding(body, encoding, MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof ContentEncodingError)) throw error;
    if (error.status === 415) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        error.message,
        {},
        {
          'accept-encoding': ACCEPTED_CONTENT_CODINGS,
        },
      );
    }
    throw new ApiError(error.status, 'InvalidRequestException', error.message);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const body = await readBoundedBody(req, MAX_BODY_BYTES);
  if (!body) {
    throw new ApiError(413, 'InvalidRequestException', `Request body over ${MAX_BODY_BYTES} bytes`);
  }
  return body;
}
