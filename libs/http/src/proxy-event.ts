import type { APIGatewayProxyEvent } from 'aws-lambda';

/** What a REST API (v1) Lambda proxy event is made of, already read from the request. */
export interface ProxyEventParts {
  method: string;
  /** The resource path as declared, e.g. `/posts/{postId}`. */
  resource: string;
  /** The request path without the stage, e.g. `/posts/p-1`. */
  path: string;
  /** Header names as sent, each with every value in order. */
  multiValueHeaders: Record<string, string[]>;
  /** Query parameters, each with every value in order (none: `{}`). */
  multiValueQuery: Record<string, string[]>;
  /** URL-decoded path parameters (none: `{}`). */
  pathParameters: Record<string, string>;
  /** A text body as is, any other base64-encoded (then `isBase64Encoded`); none: `null`. */
  body: string | null;
  isBase64Encoded: boolean;
  requestId: string;
  api: { accountId: string; apiId: string; stage: string };
  client: { sourceIp: string; userAgent: string | null; protocol: string; domainName: string };
  /** When API Gateway received the request (default: now). */
  receivedAt?: Date;
}

/**
 * The REST API (v1) Lambda proxy integration event, as API Gateway builds it: single-value headers
 * and query parameters keep the last value, empty query and path parameters are `null`, and the
 * request context carries the stage-prefixed path. The one builder of these events, for the local
 * cloud's API Gateway and for tests (`apiEvent` of `@traced-social/http/testing`).
 */
export function buildProxyEvent(parts: ProxyEventParts): APIGatewayProxyEvent {
  const { api, client } = parts;
  const hasQuery = Object.keys(parts.multiValueQuery).length > 0;
  const hasParams = Object.keys(parts.pathParameters).length > 0;
  const receivedAt = parts.receivedAt ?? new Date();
  return {
    resource: parts.resource,
    path: parts.path,
    httpMethod: parts.method,
    headers: lastValues(parts.multiValueHeaders),
    multiValueHeaders: parts.multiValueHeaders,
    queryStringParameters: hasQuery ? lastValues(parts.multiValueQuery) : null,
    multiValueQueryStringParameters: hasQuery ? parts.multiValueQuery : null,
    pathParameters: hasParams ? parts.pathParameters : null,
    stageVariables: null,
    body: parts.body,
    isBase64Encoded: parts.isBase64Encoded,
    requestContext: {
      accountId: api.accountId,
      apiId: api.apiId,
      resourceId: parts.resource,
      resourcePath: parts.resource,
      httpMethod: parts.method,
      path: `/${api.stage}${parts.path}`,
      stage: api.stage,
      requestId: parts.requestId,
      extendedRequestId: parts.requestId,
      requestTime: formatRequestTime(receivedAt),
      requestTimeEpoch: receivedAt.getTime(),
      protocol: client.protocol,
      domainName: client.domainName,
      authorizer: undefined,
      identity: {
        sourceIp: client.sourceIp,
        userAgent: client.userAgent,
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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `26/Nov/2026:12:00:00 +0000`, API Gateway's requestTime format. */
function formatRequestTime(d: Date): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
}
