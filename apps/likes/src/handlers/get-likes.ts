import { httpApi, json } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { readLikes } from '../store/likes-store';
import { livePostRequest } from './live-post';

/** `GET /posts/{postId}/likes` → 200 {postId, likeCount, likedByMe} | 404 */
export const handler = withTracing(
  httpApi(async (event) => {
    const { user, post } = await livePostRequest(event);
    return json(200, { postId: post.postId, ...(await readLikes(post.postId, user.userId)) });
  }),
  { operationType: 'GET_LIKES' },
);
