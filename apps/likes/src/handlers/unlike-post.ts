import { getPostSummary } from '@traced-social/aws-clients';
import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { postIdSchema } from '../domain/likes';
import { removeLike } from '../store/likes-store';

/** `DELETE /posts/{postId}/like` → 200 {postId, liked: false} (idempotent) | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ postId: postIdSchema }),
    });
    const { postId } = pathParameters;
    annotate('postId', postId);
    if (!(await getPostSummary(postId))) throw notFound('Post not found');
    const outcome = await removeLike(postId, user.userId);
    return json(200, { postId, liked: false, changed: outcome === 'removed' });
  }),
  { operationType: 'UNLIKE_POST' },
);
