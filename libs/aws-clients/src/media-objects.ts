import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { logger, tracedOperation } from '@traced-social/observability';
import { s3Client } from './clients';

/**
 * Deletes an object nobody points at any more (a deleted post's image, a replaced avatar), as
 * "DeleteMedia". Best effort: the change that orphaned it has happened and stands, so a failure
 * is logged and recorded on the trace (the subsegment's error), and returns false.
 */
export async function deleteOrphanedMedia(bucket: string, key: string): Promise<boolean> {
  try {
    await tracedOperation('DeleteMedia', () =>
      s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key })),
    );
    return true;
  } catch (error) {
    logger.warn('Orphaned media left in the bucket', {
      key,
      reason: error instanceof Error ? error.name : 'unknown',
    });
    return false;
  }
}
