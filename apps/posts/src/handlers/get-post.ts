import { authenticatedPathId, httpApi, json, notFound } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { postIdSchema } from '../domain/post';
import { getPost } from '../store/posts-store';

/** `GET /posts/{postId}` → 200 {post} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
    annotate('postId', postId);
    const post = await getPost(postId);
    if (!post) throw notFound('Post not found');
    return json(200, { post });
  }),
  { operationType: 'GET_POST' },
);
