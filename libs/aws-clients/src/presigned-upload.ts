import { PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { tracedOperation } from '@traced-social/observability';
import { s3Client } from './clients';

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
 * A presigned S3 PUT URL, traced as "GeneratePresignedUrl". Content type and (when known) length
 * are signed headers: an upload with another type or size fails S3's signature check, so the limits the
 * API enforced on the announcement also hold for the bytes.
 */
export async function presignUpload(request: PresignedUploadRequest): Promise<PresignedUpload> {
  const expiresIn = request.expiresInSeconds ?? 300;
  const sized = request.contentLength !== undefined;
  return tracedOperation('GeneratePresignedUrl', async () => {
    const url = await getSignedUrl(
      s3Client(),
      new PutObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        ContentType: request.contentType,
        ContentLength: request.contentLength,
      }),
      {
        expiresIn,
        signableHeaders: new Set(sized ? ['content-type', 'content-length'] : ['content-type']),
      },
    );
    return {
      url,
      method: 'PUT' as const,
      headers: {
        'content-type': request.contentType,
        ...(sized ? { 'content-length': String(request.contentLength) } : {}),
      },
      key: request.key,
      expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString(),
    };
  });
}
