import { httpApi, json } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { addLike } from '../store/likes-store';
import { livePostRequest } from './live-post';

/** `PUT /posts/{postId}/like` → 200 {postId, liked: true} (idempotent) | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, post } = await livePostRequest(event);
    const outcome = await addLike({
      postId: post.postId,
      userId: user.userId,
      authorId: post.authorId,
      likedAt: new Date().toISOString(),
    });
    return json(200, { postId: post.postId, liked: true, changed: outcome === 'added' });
  }),
  { operationType: 'LIKE_POST' },
);
