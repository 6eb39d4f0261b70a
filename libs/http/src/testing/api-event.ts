import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { signAccessToken } from '@traced-social/auth-tokens';
import { buildProxyEvent } from '../proxy-event';

export interface ApiEventOptions {
  method: string;
  /** The resource path as declared, e.g. `/posts/{postId}`. */
  resource: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is (malformed JSON, say). */
  body?: unknown;
  /** Sets `Authorization: Bearer <token>`. */
  token?: string;
}

/** An API Gateway REST proxy event, as the local cloud and API Gateway build it. */
export function apiEvent(options: ApiEventOptions): APIGatewayProxyEvent {
  const path = options.resource.replace(
    /\{(\w+)\}/g,
    (_m, name: string) => options.pathParameters?.[name] ?? `{${name}}`,
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  const body =
    options.body === undefined
      ? null
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  return buildProxyEvent({
    method: options.method,
    resource: options.resource,
    path,
    multiValueHeaders: multiValued(headers),
    multiValueQuery: multiValued(options.query ?? {}),
    pathParameters: options.pathParameters ?? {},
    body,
    isBase64Encoded: false,
    requestId: randomUUID(),
    api: { accountId: '000000000000', apiId: 'local', stage: 'local' },
    client: {
      sourceIp: '127.0.0.1',
      userAgent: 'jest',
      protocol: 'HTTP/1.1',
      domainName: 'localhost',
    },
  });
}

const multiValued = (single: Record<string, string>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(single).map(([k, v]) => [k, [v]]));

/** A JWT secret long enough for HS256, for tests. */
export const TEST_JWT_SECRET = 'test-secret-for-hs256-at-least-32-bytes-long';

/** A valid access token for a user (or an expired one). */
export async function testAccessToken(
  user: { userId: string; username: string },
  options: { secret?: string; expired?: boolean } = {},
): Promise<string> {
  const { token } = await signAccessToken(user, options.secret ?? TEST_JWT_SECRET, {
    ...(options.expired ? { now: new Date(Date.now() - 3600_000), ttlSeconds: 60 } : {}),
  });
  return token;
}

/** The parsed JSON body of a proxy result. */
export function responseBody<T = Record<string, unknown>>(result: { body: string }): T {
  return JSON.parse(result.body) as T;
}
