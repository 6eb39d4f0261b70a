import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
// The subpath, not the lib's index: the local cloud's process loads no tracing SDK.
import { buildProxyEvent } from '@traced-social/http/proxy-event';
import { ACCOUNT_ID } from '../resources/physical-names';

export interface ApiIdentity {
  apiId: string;
  stage: string;
}

export interface ProxyEventInput {
  req: IncomingMessage;
  url: URL;
  body: Buffer;
  resource: string;
  pathParameters: Record<string, string>;
  requestId: string;
  /** The `X-Amzn-Trace-Id` header API Gateway passes on to the integration. */
  traceHeader: string;
  api: ApiIdentity;
}

/**
 * The REST API (v1) Lambda proxy integration event of a request the local API Gateway received
 * (built by `buildProxyEvent` of `@traced-social/http/proxy-event`): header names as sent plus the headers
 * API Gateway adds, URL-decoded path parameters, a text body as is and any other body
 * base64-encoded.
 */
export function proxyEventOf(input: ProxyEventInput): APIGatewayProxyEvent {
  const { req, url, body, api } = input;
  const multiValueHeaders: Record<string, string[]> = {};
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    (multiValueHeaders[req.rawHeaders[i]] ??= []).push(req.rawHeaders[i + 1]);
  }
  const sourceIp = req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1';
  multiValueHeaders['X-Amzn-Trace-Id'] = [input.traceHeader];
  multiValueHeaders['X-Forwarded-For'] = [sourceIp];
  multiValueHeaders['X-Forwarded-Proto'] = ['http'];
  multiValueHeaders['X-Forwarded-Port'] = [String(req.socket.localPort ?? '')];

  const multiValueQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (multiValueQuery[key] ??= []).push(value);
  const binary = body.length > 0 && !isTextual(req.headers['content-type']);

  return buildProxyEvent({
    method: req.method ?? 'GET',
    resource: input.resource,
    path: url.pathname,
    multiValueHeaders,
    multiValueQuery,
    pathParameters: input.pathParameters,
    body: body.length ? body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: binary,
    requestId: input.requestId,
    api: { accountId: ACCOUNT_ID, ...api },
    client: {
      sourceIp,
      userAgent: req.headers['user-agent'] ?? null,
      protocol: `HTTP/${req.httpVersion}`,
      domainName: req.headers.host ?? '127.0.0.1',
    },
  });
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** Bodies API Gateway passes as text; anything else reaches the function base64-encoded. */
export function isTextual(contentType: string | undefined): boolean {
  return contentType === undefined || TEXT_TYPES.test(contentType.trim());
}
