import type { APIGatewayProxyResult } from 'aws-lambda';
import { bucketName } from '@traced-social/manifest';
import { presignUpload } from '@traced-social/aws-clients';
import { getUserProfile } from '@traced-social/tables';
import { createEvent } from '@traced-social/events';
import { authenticate, httpApi, json, unauthorized, validateRequest } from '@traced-social/http';
import { idempotencyKeyOf, idempotentWork } from '@traced-social/http/idempotency-key';
import { annotate, withTracing } from '@traced-social/observability';
import { createPostBodySchema, newPost, type CreatePostBody } from '../domain/post';
import { publishFromOutbox } from '../store/post-events';
import { createPost } from '../store/posts-store';

/**
 * `POST /posts` {text, imageContentType?, imageSize? (both or neither)} → 201 {post, upload?}.
 * With an `Idempotency-Key` header, a retry of the same request gets the first answer back
 * (decision 1402): one post, one POST_CREATED.
 */
export const handler = withTracing(
  httpApi(async (event, context) => {
    const user = await authenticate(event);
    const { body } = validateRequest(event, { body: createPostBodySchema });
    const key = idempotencyKeyOf(event);
    if (!key) return createOnePost(user.userId, body);
    return createOnce({ route: 'POST /posts', userId: user.userId, key, payload: body }, context);
  }),
  { operationType: 'CREATE_POST' },
);

const createOnce = idempotentWork<CreatePostBody>(({ userId, payload }) =>
  createOnePost(userId, payload),
);

async function createOnePost(userId: string, body: CreatePostBody): Promise<APIGatewayProxyResult> {
  const author = await getUserProfile(userId);
  if (!author) throw unauthorized('Unknown user');

  const post = newPost(author, body);
  annotate('postId', post.postId);
  const created = createEvent('POST_CREATED', {
    postId: post.postId,
    authorId: post.authorId,
    createdAt: post.createdAt,
    text: post.text,
    ...(post.imageKey ? { imageKey: post.imageKey } : {}),
  });
  await createPost(post, created);

  const upload =
    post.imageKey && body.imageContentType && body.imageSize !== undefined
      ? await presignUpload({
          bucket: bucketName('media'),
          key: post.imageKey,
          contentType: body.imageContentType,
          contentLength: body.imageSize,
        })
      : undefined;
  await publishFromOutbox(post.postId, created);
  return json(201, { post, ...(upload ? { upload } : {}) });
}
