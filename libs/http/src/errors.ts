/**
 * An error the API answers as it is: its status, a stable machine-readable code and a message
 * safe to show (never internals). Anything else thrown by a handler is answered 500.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Field errors of a 400: `{ "body.text": ["Too long"] }`. */
    readonly fields?: Record<string, string[]>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, fields?: Record<string, string[]>): HttpError =>
  new HttpError(400, 'BAD_REQUEST', message, fields);

export const validationFailed = (fields: Record<string, string[]>): HttpError =>
  new HttpError(400, 'VALIDATION_FAILED', 'The request is invalid', fields);

export const unauthorized = (message = 'Authentication required'): HttpError =>
  new HttpError(401, 'UNAUTHORIZED', message, undefined, {
    'www-authenticate': 'Bearer realm="traced-social"',
  });

export const forbidden = (message = 'Not allowed'): HttpError =>
  new HttpError(403, 'FORBIDDEN', message);

export const notFound = (message = 'Not found'): HttpError =>
  new HttpError(404, 'NOT_FOUND', message);

export const conflict = (message: string, code = 'CONFLICT'): HttpError =>
  new HttpError(409, code, message);

/** 429 with `Retry-After` (whole seconds, at least 1): a throttled caller waits that long. */
export const tooManyRequests = (
  retryAfterSeconds: number,
  message = 'Too many attempts',
): HttpError =>
  new HttpError(429, 'TOO_MANY_REQUESTS', message, undefined, {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))),
  });

export const payloadTooLarge = (maxBytes: number): HttpError =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds ${maxBytes} bytes`);
