import { createEvent } from '@traced-social/events';
import {
  authenticate,
  forbidden,
  httpApi,
  noContent,
  notFound,
  validateRequest,
} from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { postIdSchema } from '../domain/post';
import { publishFromOutbox } from '../store/post-events';
import { deletePost } from '../store/posts-store';

/** `DELETE /posts/{postId}` (author only) → 204 | 403 | 404; publishes POST_DELETED. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ postId: postIdSchema }),
    });
    const { postId } = pathParameters;
    annotate('postId', postId);
    const deleted = createEvent('POST_DELETED', {
      postId,
      authorId: user.userId,
      deletedAt: new Date().toISOString(),
    });
    const outcome = await deletePost(postId, user.userId, deleted);
    if (outcome === 'not-found') throw notFound('Post not found');
    if (outcome === 'not-author') throw forbidden('Only the author can delete a post');
    await publishFromOutbox(postId, deleted);
    return noContent();
  }),
  { operationType: 'DELETE_POST' },
);
