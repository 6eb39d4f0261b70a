import { isVirtualHostableS3Bucket, partition } from '@aws-sdk/core/client';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Sha256 } from '@smithy/core/checksum';
import { extendedEncodeURIComponent } from '@smithy/core/protocols';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, HttpRequest } from '@smithy/types';
import { configuredEndpoint, localCredentials } from './client-config';

/**
 * Requests on one S3 object, signed with the AWS SDK's own SigV4 signer, without the S3 client
 * (decision 1910). The handlers only presign uploads and delete single objects; the S3 client
 * (its whole service schema, endpoint rules, XML protocol, checksums and S3 Express session auth,
 * ~170 KB minified) was a third of their bundles. These requests use the same pieces as every
 * other client of the bundle (signer, SHA-256, credential chain, HTTP handler), so they add ~2 KB.
 */

/** S3's payload hash for a body that is not signed (presigned uploads: the uploader's bytes). */
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The object operations the handlers make, and their HTTP methods. */
const S3_OBJECT_METHODS = { PutObject: 'PUT', DeleteObject: 'DELETE' } as const;
export type S3ObjectOperation = keyof typeof S3_OBJECT_METHODS;

let lambdaCredentials: AwsCredentialIdentityProvider | undefined;

/**
 * The S3 request of `operation` on `bucket`/`key`, addressed as the S3 client addresses it:
 * locally path-style on the configured endpoint (`AWS_ENDPOINT_URL_S3`); in AWS virtual-hosted
 * (`<bucket>.s3.<region>.<partition's DNS suffix>`), or path-style on the regional endpoint for a
 * bucket name that cannot be a host label (dots, capitals). The key is escaped per path segment.
 */
export function s3ObjectRequest(
  operation: S3ObjectOperation,
  bucket: string,
  key: string,
  headers: Record<string, string> = {},
  env: NodeJS.ProcessEnv = process.env,
): HttpRequest {
  const method = S3_OBJECT_METHODS[operation];
  // `x-id` names the operation, as the S3 client's requests do (S3 ignores it).
  const query = { 'x-id': operation };
  const keyPath = `/${key.split('/').map(extendedEncodeURIComponent).join('/')}`;
  const endpoint = configuredEndpoint('S3', env);
  if (endpoint) {
    const url = new URL(endpoint);
    return {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: `${url.pathname.replace(/\/$/, '')}/${bucket}${keyPath}`,
      query,
      headers: { host: url.host, ...headers },
    };
  }
  const region = s3Region(env);
  const regional = `s3.${region}.${partition(region).dnsSuffix}`;
  const virtualHosted = isVirtualHostableS3Bucket(bucket);
  const hostname = virtualHosted ? `${bucket}.${regional}` : regional;
  return {
    method,
    protocol: 'https:',
    hostname,
    path: virtualHosted ? keyPath : `/${bucket}${keyPath}`,
    query,
    headers: { host: hostname, ...headers },
  };
}

/**
 * The SigV4 signer for S3 requests: S3 signs the path as sent (no second escaping) and the
 * credentials are the function's (the default chain, reduced to the environment in bundles:
 * decision 1900; locally the emulator's account when none is set, as every client).
 */
export function s3Signer(env: NodeJS.ProcessEnv = process.env): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region: s3Region(env),
    credentials: localCredentials('S3', env) ?? (lambdaCredentials ??= defaultProvider()),
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
}

/** Marks a request's body as unsigned (S3 requires the payload hash header on signed requests). */
export function withUnsignedPayload(request: HttpRequest): HttpRequest {
  return { ...request, headers: { ...request.headers, 'X-Amz-Content-Sha256': UNSIGNED_PAYLOAD } };
}

function s3Region(env: NodeJS.ProcessEnv): string {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (region) return region;
  if (configuredEndpoint('S3', env)) return 'us-east-1';
  throw new Error('No AWS region for S3 requests: set AWS_REGION');
}
