import { getPostSummary } from '@traced-social/aws-clients';
import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { postIdSchema } from '../domain/likes';
import { readLikes } from '../store/likes-store';

/** `GET /posts/{postId}/likes` → 200 {postId, likeCount, likedByMe} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ postId: postIdSchema }),
    });
    const { postId } = pathParameters;
    annotate('postId', postId);
    if (!(await getPostSummary(postId))) throw notFound('Post not found');
    return json(200, { postId, ...(await readLikes(postId, user.userId)) });
  }),
  { operationType: 'GET_LIKES' },
);
