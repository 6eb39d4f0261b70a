import { formatUrl } from '@aws-sdk/core/util';
import { addMetadata, tracedOperation } from '@traced-social/observability';
import { s3ObjectRequest, s3Signer, withUnsignedPayload } from './s3-object-requests';

export interface PresignedUploadRequest {
  bucket: string;
  key: string;
  contentType: string;
  /** Exact size of the upload in bytes: when given it is signed, so S3 refuses any other size. */
  contentLength?: number;
  expiresInSeconds?: number;
}

export interface PresignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the uploader must send exactly as given (they are part of the signature). */
  headers: { 'content-type': string; 'content-length'?: string };
  key: string;
  expiresAt: string;
}

/**
 * A presigned S3 PUT URL, traced as "GeneratePresignedUrl" (signed in process: no AWS call).
 * Content type and (when known) length are signed headers: an upload with another type or size
 * fails S3's signature check, so the limits the API enforced on the announcement also hold for
 * the bytes. The URL is the one the S3 client's presigner makes (decision 1910).
 */
export async function presignUpload(request: PresignedUploadRequest): Promise<PresignedUpload> {
  const expiresIn = request.expiresInSeconds ?? 300;
  const headers = {
    'content-type': request.contentType,
    ...(request.contentLength !== undefined
      ? { 'content-length': String(request.contentLength) }
      : {}),
  };
  return tracedOperation('GeneratePresignedUrl', async () => {
    addMetadata('s3', { operation: 'PutObject', bucket: request.bucket, key: request.key });
    const unsigned = withUnsignedPayload(
      s3ObjectRequest('PutObject', request.bucket, request.key, headers),
    );
    const presigned = await s3Signer().presign(unsigned, {
      expiresIn,
      signableHeaders: new Set(Object.keys(headers)),
    });
    return {
      url: formatUrl(presigned),
      method: 'PUT' as const,
      headers,
      key: request.key,
      expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
    };
  });
}
