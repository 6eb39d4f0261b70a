import { getPostSummary } from '@traced-social/aws-clients';
import { authenticatedPathId, httpApi, json, notFound } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { postIdSchema } from '../domain/likes';
import { readLikes } from '../store/likes-store';

/** `GET /posts/{postId}/likes` → 200 {postId, likeCount, likedByMe} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
    annotate('postId', postId);
    if (!(await getPostSummary(postId))) throw notFound('Post not found');
    return json(200, { postId, ...(await readLikes(postId, user.userId)) });
  }),
  { operationType: 'GET_LIKES' },
);
