/** What the local API Gateway sends back to the client. */
export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export function jsonAnswer(
  status: number,
  body: object,
  headers: Record<string, string> = {},
): HttpAnswer {
  return {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/** API Gateway's answer when the function failed or answered something it cannot map. */
export const INTERNAL_SERVER_ERROR = (): HttpAnswer =>
  jsonAnswer(502, { message: 'Internal server error' });

type HeaderValue = string | number | boolean;

/**
 * Maps a Lambda proxy result to the HTTP answer, as API Gateway does; a result without an integer
 * `statusCode`, or with headers or body of the wrong type, is a malformed proxy response: 502.
 */
export function answerFromProxyResult(result: unknown): HttpAnswer | { malformed: string } {
  if (typeof result !== 'object' || result === null)
    return { malformed: 'the result is not an object' };
  const r = result as {
    statusCode?: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown>;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  if (
    typeof r.statusCode !== 'number' ||
    !Number.isInteger(r.statusCode) ||
    r.statusCode < 100 ||
    r.statusCode > 599
  ) {
    return { malformed: 'statusCode must be an integer HTTP status' };
  }
  if (r.body !== undefined && r.body !== null && typeof r.body !== 'string') {
    return { malformed: 'body must be a string' };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(r.headers ?? {})) {
    if (!isHeaderValue(value)) return { malformed: `header ${name} must be a string` };
    headers[name] = String(value);
  }
  for (const [name, values] of Object.entries(r.multiValueHeaders ?? {})) {
    if (!Array.isArray(values) || !values.every(isHeaderValue)) {
      return { malformed: `multiValueHeaders.${name} must be a list of strings` };
    }
    const existing = headers[name];
    headers[name] = [...(existing === undefined ? [] : [existing].flat()), ...values.map(String)];
  }
  const text = typeof r.body === 'string' ? r.body : '';
  const body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type') && body.length) {
    headers['Content-Type'] = 'application/json';
  }
  return { status: r.statusCode, headers, body };
}

function isHeaderValue(value: unknown): value is HeaderValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
