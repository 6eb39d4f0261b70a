import { httpApi, json } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { removeLike } from '../store/likes-store';
import { livePostRequest } from './live-post';

/** `DELETE /posts/{postId}/like` → 200 {postId, liked: false} (idempotent) | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, post } = await livePostRequest(event);
    const outcome = await removeLike(post.postId, user.userId);
    return json(200, { postId: post.postId, liked: false, changed: outcome === 'removed' });
  }),
  { operationType: 'UNLIKE_POST' },
);
