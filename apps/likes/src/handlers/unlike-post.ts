import { getPostSummary } from '@traced-social/aws-clients';
import { authenticatedPathId, httpApi, json, notFound } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { postIdSchema } from '../domain/likes';
import { removeLike } from '../store/likes-store';

/** `DELETE /posts/{postId}/like` → 200 {postId, liked: false} (idempotent) | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
    annotate('postId', postId);
    if (!(await getPostSummary(postId))) throw notFound('Post not found');
    const outcome = await removeLike(postId, user.userId);
    return json(200, { postId, liked: false, changed: outcome === 'removed' });
  }),
  { operationType: 'UNLIKE_POST' },
);
