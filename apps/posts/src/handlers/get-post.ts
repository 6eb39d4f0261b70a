import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { postIdSchema } from '../domain/post';
import { getPost } from '../store/posts-store';

/** `GET /posts/{postId}` → 200 {post} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    await authenticate(event);
    const { pathParameters } = validateRequest(event, {
      pathParameters: z.object({ postId: postIdSchema }),
    });
    annotate('postId', pathParameters.postId);
    const post = await getPost(pathParameters.postId);
    if (!post) throw notFound('Post not found');
    return json(200, { post });
  }),
  { operationType: 'GET_POST' },
);
