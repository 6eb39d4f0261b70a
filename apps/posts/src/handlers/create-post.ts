import { bucketName } from '@traced-social/manifest';
import { presignUpload } from '@traced-social/aws-clients';
import { getUserProfile } from '@traced-social/tables';
import { createEvent } from '@traced-social/events';
import { authenticate, httpApi, json, unauthorized, validateRequest } from '@traced-social/http';
import { annotate, withTracing } from '@traced-social/observability';
import { createPostBodySchema, newPost } from '../domain/post';
import { publishFromOutbox } from '../store/post-events';
import { createPost } from '../store/posts-store';

/** `POST /posts` {text, imageContentType?, imageSize?} → 201 {post, upload?} */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { body } = validateRequest(event, { body: createPostBodySchema });
    const author = await getUserProfile(user.userId);
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
      post.imageKey && body.imageContentType
        ? await presignUpload({
            bucket: bucketName('media'),
            key: post.imageKey,
            contentType: body.imageContentType,
            ...(body.imageSize !== undefined ? { contentLength: body.imageSize } : {}),
          })
        : undefined;
    await publishFromOutbox(post.postId, created);
    return json(201, { post, ...(upload ? { upload } : {}) });
  }),
  { operationType: 'CREATE_POST' },
);
