import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';

/** Adds the signing headers to an export request. */
export type RequestSigner = (
  url: URL,
  headers: Record<string, string>,
  body: Buffer,
) => Promise<Record<string, string>>;

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Options {
  /** The signing name: `xray` for X-Ray's OTLP endpoint. */
  service: string;
  region: string;
  /** Read at each signing (Lambda puts the function role's credentials in its environment). */
  credentials: () => AwsCredentials;
}

type SourceData = string | ArrayBuffer | ArrayBufferView;
const toBuffer = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

/** SHA-256 (and HMAC-SHA-256 with a secret) in the shape the signer takes, on node:crypto. */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret ? createHmac('sha256', toBuffer(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.hash.update(toBuffer(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
}

/**
 * AWS Signature Version 4 for OTLP export requests (X-Ray's OTLP endpoint accepts only signed
 * requests), with the AWS SDK's own signer.
 */
export function createSigV4Signer(options: SigV4Options): RequestSigner {
  return async (url, headers, body) => {
    const signer = new SignatureV4({
      service: options.service,
      region: options.region,
      credentials: options.credentials(),
      sha256: NodeSha256,
    });
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      headers: { ...headers, host: url.host },
      body,
    });
    return signed.headers;
  };
}

/** The function's credentials as Lambda provides them (environment variables). */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): () => AwsCredentials {
  return () => {
    const { AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN } = env;
    if (!AWS_ACCESS_KEY_ID || !AWS_SECRET_ACCESS_KEY) {
      throw new Error('SigV4 export needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
    }
    return {
      accessKeyId: AWS_ACCESS_KEY_ID,
      secretAccessKey: AWS_SECRET_ACCESS_KEY,
      ...(AWS_SESSION_TOKEN ? { sessionToken: AWS_SESSION_TOKEN } : {}),
    };
  };
}
