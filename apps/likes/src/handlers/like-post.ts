import { getPostSummary } from '@traced-social/aws-clients';
import { authenticatedPathId, httpApi, json, notFound } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { postIdSchema } from '../domain/likes';
import { addLike } from '../store/likes-store';

/** `PUT /posts/{postId}/like` → 200 {postId, liked: true} (idempotent) | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
    annotate('postId', postId);
    const post = await getPostSummary(postId);
    if (!post) throw notFound('Post not found');
    const outcome = await addLike({
      postId,
      userId: user.userId,
      authorId: post.authorId,
      likedAt: new Date().toISOString(),
    });
    return json(200, { postId, liked: true, changed: outcome === 'added' });
  }),
  { operationType: 'LIKE_POST' },
);
