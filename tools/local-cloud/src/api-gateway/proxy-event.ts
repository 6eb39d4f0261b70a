import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent } from 'aws-lambda';
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
 * The REST API (v1) Lambda proxy integration event, as API Gateway builds it: header names as
 * sent, single and multi-value headers and query parameters (the single-value form keeps the
 * last), URL-decoded path parameters, a text body as is and any other body base64-encoded.
 */
export function buildProxyEvent(input: ProxyEventInput): APIGatewayProxyEvent {
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
  const headers = lastValues(multiValueHeaders);

  const multiValueQuery: Record<string, string[]> = {};
  for (const [key, value] of url.searchParams) (multiValueQuery[key] ??= []).push(value);
  const hasQuery = Object.keys(multiValueQuery).length > 0;
  const hasParams = Object.keys(input.pathParameters).length > 0;
  const binary = body.length > 0 && !isTextual(req.headers['content-type']);
  const now = new Date();
  const method = req.method ?? 'GET';

  return {
    resource: input.resource,
    path: url.pathname,
    httpMethod: method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(multiValueQuery) : null,
    multiValueQueryStringParameters: hasQuery ? multiValueQuery : null,
    pathParameters: hasParams ? input.pathParameters : null,
    stageVariables: null,
    body: body.length ? body.toString(binary ? 'base64' : 'utf8') : null,
    isBase64Encoded: binary,
    requestContext: {
      accountId: ACCOUNT_ID,
      apiId: api.apiId,
      resourceId: input.resource,
      resourcePath: input.resource,
      httpMethod: method,
      path: `/${api.stage}${url.pathname}`,
      stage: api.stage,
      requestId: input.requestId,
      extendedRequestId: input.requestId,
      requestTime: formatRequestTime(now),
      requestTimeEpoch: now.getTime(),
      protocol: `HTTP/${req.httpVersion}`,
      domainName: req.headers.host ?? '127.0.0.1',
      authorizer: undefined,
      identity: {
        sourceIp,
        userAgent: req.headers['user-agent'] ?? null,
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        user: null,
        userArn: null,
      },
    },
  };
}

function lastValues(multi: Record<string, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v[v.length - 1]]));
}

const TEXT_TYPES =
  /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|[^;]*\+(json|xml))/i;

/** Bodies API Gateway passes as text; anything else reaches the function base64-encoded. */
export function isTextual(contentType: string | undefined): boolean {
  return contentType === undefined || TEXT_TYPES.test(contentType.trim());
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `26/Nov/2026:12:00:00 +0000`, API Gateway's requestTime format. */
function formatRequestTime(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
