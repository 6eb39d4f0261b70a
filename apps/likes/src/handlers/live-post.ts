import type { APIGatewayProxyEvent } from 'aws-lambda';
import { getPostSummary, type PostSummary } from '@traced-social/tables';
import { authenticatedPathId, notFound, type AuthenticatedUser } from '@traced-social/http';
import { annotate } from '@traced-social/observability';
import { postIdSchema } from '../domain/likes';

/**
 * The start of every likes route on `/posts/{postId}`: the caller (401), the post id (400 unless
 * a uuid, annotated `postId`) and the live post it names (404 when never written or deleted).
 */
export async function livePostRequest(
  event: APIGatewayProxyEvent,
): Promise<{ user: AuthenticatedUser; post: PostSummary }> {
  const { user, id: postId } = await authenticatedPathId(event, 'postId', postIdSchema);
  annotate('postId', postId);
  const post = await getPostSummary(postId);
  if (!post) throw notFound('Post not found');
  return { user, post };
}
