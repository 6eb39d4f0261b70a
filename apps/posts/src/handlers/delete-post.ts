import { deleteOrphanedMedia } from '@traced-social/aws-clients';
import { createEvent } from '@traced-social/events';
import { authenticatedPathId, forbidden, httpApi, noContent, notFound } from '@traced-social/http';
import { bucketName } from '@traced-social/manifest';
import { annotate, withTracing } from '@traced-social/observability';
import { postIdSchema } from '../domain/post';
import { publishFromOutbox } from '../store/post-events';
import { deletePost } from '../store/posts-store';

/**
 * `DELETE /posts/{postId}` (author only) → 204 | 403 | 404; publishes POST_DELETED and deletes the
 * post's image from the media bucket.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
    annotate('postId', postId);
    const deleted = createEvent('POST_DELETED', {
      postId,
      authorId: user.userId,
      deletedAt: new Date().toISOString(),
    });
    const result = await deletePost(postId, user.userId, deleted);
    if (result.outcome === 'not-found') throw notFound('Post not found');
    if (result.outcome === 'not-author') throw forbidden('Only the author can delete a post');
    await publishFromOutbox(postId, deleted);
    if (result.imageKey) await deleteOrphanedMedia(bucketName('media'), result.imageKey);
    return noContent();
  }),
  { operationType: 'DELETE_POST' },
);
