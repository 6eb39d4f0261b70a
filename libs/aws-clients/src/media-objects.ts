import { HttpRequest } from '@smithy/core/protocols';
import type { NodeHttpHandler } from '@smithy/node-http-handler';
import { addMetadata, logger, tracedOperation } from '@traced-social/observability';
import { baseClientConfig } from './client-config';
import { s3ObjectRequest, s3Signer, withUnsignedPayload } from './s3-object-requests';

/** S3 answered a request with an error status (the operation and status name it). */
export class S3RequestError extends Error {
  override name = 'S3RequestError';
  constructor(
    readonly operation: string,
    readonly statusCode: number,
  ) {
    super(`S3 ${operation} answered ${statusCode}`);
  }
}

let mediaHttpHandler: NodeHttpHandler | undefined;

/**
 * Deletes an object nobody points at any more (a deleted post's image, a replaced avatar), as
 * "DeleteMedia": one signed `DeleteObject` request, sent with the AWS SDK's HTTP handler and its
 * timeouts (decision 1910; the X-Ray backend records it under DeleteMedia as an HTTP call).
 * Best effort: the change that orphaned it has happened and stands, so a failure is logged and
 * recorded on the trace (the subsegment's error), and returns false. Not retried: an object
 * left behind costs storage, not correctness.
 */
export async function deleteOrphanedMedia(bucket: string, key: string): Promise<boolean> {
  try {
    await tracedOperation('DeleteMedia', async () => {
      addMetadata('s3', { operation: 'DeleteObject', bucket, key });
      // S3 needs the payload hash header on every signed request; a DELETE has no body.
      const request = withUnsignedPayload(s3ObjectRequest('DeleteObject', bucket, key));
      const signed = await s3Signer().sign(request);
      mediaHttpHandler ??= baseClientConfig('S3').requestHandler;
      const { response } = await mediaHttpHandler.handle(new HttpRequest(signed));
      const body = response.body as NodeJS.ReadableStream | undefined;
      body?.resume(); // read to the end, so the connection returns to the pool
      // DeleteObject answers 204, also when the object is already gone.
      if (response.statusCode >= 300) throw new S3RequestError('DeleteObject', response.statusCode);
    });
    return true;
  } catch (error) {
    logger.warn('Orphaned media left in the bucket', {
      key,
      reason: error instanceof Error ? error.name : 'unknown',
    });
    return false;
  }
}
