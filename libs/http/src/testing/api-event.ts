import { generateKeyPairSync, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import {
  ACCESS_TOKEN_ALGORITHM,
  generateSigningKey,
  publicKeyOf,
  signAccessToken,
  type SigningKey,
} from '@traced-social/auth-tokens';
import { ACCESS_TOKEN_JWKS_ENV, ACCESS_TOKEN_SIGNING_KEY_ENV } from '@traced-social/manifest';
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
  /** `requestContext.identity.sourceIp` (default 127.0.0.1). */
  sourceIp?: string;
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
      sourceIp: options.sourceIp ?? '127.0.0.1',
      userAgent: 'jest',
      protocol: 'HTTP/1.1',
      domainName: 'localhost',
    },
  });
}

const multiValued = (single: Record<string, string>): Record<string, string[]> =>
  Object.fromEntries(Object.entries(single).map(([k, v]) => [k, [v]]));

/**
 * An ES256 key pair made once per test module: the testbed gives its functions the private key
 * (to sign) and the public JWKS (to verify), so tokens from `testAccessToken` verify there.
 */
export const TEST_SIGNING_KEY: SigningKey = (() => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y, d } = privateKey.export({ format: 'jwk' });
  return {
    kty: 'EC',
    crv: 'P-256',
    x: String(x),
    y: String(y),
    d: String(d),
    kid: `test-${randomUUID()}`,
    alg: ACCESS_TOKEN_ALGORITHM,
  };
})();

/** The function environment carrying the test keys (directly, as JSON: no Secrets Manager). */
export const TEST_ACCESS_TOKEN_ENV: Record<string, string> = {
  [ACCESS_TOKEN_SIGNING_KEY_ENV]: JSON.stringify(TEST_SIGNING_KEY),
  [ACCESS_TOKEN_JWKS_ENV]: JSON.stringify({ keys: [publicKeyOf(TEST_SIGNING_KEY)] }),
};

/**
 * A valid access token for a user; or an expired one; or a forged one (signed with another key
 * pair under the test key's `kid`, as an attacker would try); or one signed with a given key.
 */
export async function testAccessToken(
  user: { userId: string; username: string },
  options: { signingKey?: SigningKey; expired?: boolean; forged?: boolean } = {},
): Promise<string> {
  const signingKey = options.forged
    ? { ...(await generateSigningKey()), kid: TEST_SIGNING_KEY.kid }
    : (options.signingKey ?? TEST_SIGNING_KEY);
  const { token } = await signAccessToken(user, signingKey, {
    ...(options.expired ? { now: new Date(Date.now() - 3600_000), ttlSeconds: 60 } : {}),
  });
  return token;
}

/** The parsed JSON body of a proxy result. */
export function responseBody<T = Record<string, unknown>>(result: { body: string }): T {
  return JSON.parse(result.body) as T;
}
