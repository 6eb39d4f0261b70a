import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { userKeys } from '@traced-social/tables';
import { decodeEvent } from '@traced-social/events';
import {
  responseBody,
  startApiTestbed,
  testAccessToken,
  type ApiEventOptions,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';

const handler = (name: string) => join(__dirname, `${name}.ts`);
interface PostBody {
  postId: string;
  text: string;
  createdAt: string;
}

describe('get-post, delete-post, list-user-posts', () => {
  let testbed: ApiTestbed;
  const ada = { userId: 'user-ada', username: 'ada', token: '' };
  const grace = { userId: 'user-grace', username: 'grace', token: '' };

  const invoke = (name: string, options: ApiEventOptions) =>
    testbed.request(handler(name), options);
  const create = async (user: typeof ada, text: string): Promise<PostBody> => {
    const { result } = await invoke('create-post', {
      method: 'POST',
      resource: '/posts',
      token: user.token,
      body: { text },
    });
    expect(result.statusCode).toBe(201);
    return responseBody<{ post: PostBody }>(result).post;
  };
  const postsSnapshot = async () =>
    JSON.stringify(
      (
        await testbed.aws.dynamodb.send(
          new ScanCommand({ TableName: testbed.aws.tableName('posts') }),
        )
      ).Items,
    );

  beforeAll(async () => {
    testbed = await startApiTestbed('posts');
    for (const user of [ada, grace]) {
      user.token = await testAccessToken(user);
      await testbed.aws.dynamodb.send(
        new PutCommand({
          TableName: testbed.aws.tableName('users'),
          Item: { ...userKeys.profile(user.userId), userId: user.userId, username: user.username },
        }),
      );
    }
  });
  afterAll(() => testbed.stop());

  it('GET /posts/{postId} answers the post, annotated with postId', async () => {
    const post = await create(ada, 'readable');
    const { result, tree } = await invoke('get-post', {
      method: 'GET',
      resource: '/posts/{postId}',
      pathParameters: { postId: post.postId },
      token: grace.token,
    });
    expect(result.statusCode).toBe(200);
    expect(responseBody<{ post: PostBody }>(result).post).toMatchObject({ text: 'readable' });
    expectTrace(tree)
      .node('## get-post.handler')
      .toHaveAnnotation('operationType', 'GET_POST')
      .toHaveAnnotation('postId', post.postId)
      .toHaveAnnotation('userId', grace.userId);
  });

  it("DELETE refuses someone else's post (403) and changes nothing", async () => {
    const post = await create(ada, 'mine');
    const before = await postsSnapshot();
    const { result } = await invoke('delete-post', {
      method: 'DELETE',
      resource: '/posts/{postId}',
      pathParameters: { postId: post.postId },
      token: grace.token,
    });
    expect(result.statusCode).toBe(403);
    expect(await postsSnapshot()).toBe(before);
  });

  it('DELETE by the author: 204, POST_DELETED published, then 404 everywhere', async () => {
    const post = await create(ada, 'to be deleted');
    const route = {
      resource: '/posts/{postId}',
      pathParameters: { postId: post.postId },
      token: ada.token,
    };
    const deleted = await invoke('delete-post', { method: 'DELETE', ...route });
    expect(deleted.result.statusCode).toBe(204);
    expectTrace(deleted.tree).toHavePath('## delete-post.handler', 'PublishEvent', 'Kinesis');
    const events = (await testbed.aws.readStream('events')).map((d) => decodeEvent(d));
    expect(
      events.filter((e) => e.type === 'POST_DELETED' && e.payload.postId === post.postId),
    ).toHaveLength(1);

    expect((await invoke('get-post', { method: 'GET', ...route })).result.statusCode).toBe(404);
    expect((await invoke('delete-post', { method: 'DELETE', ...route })).result.statusCode).toBe(
      404,
    );
    const listed = await invoke('list-user-posts', {
      method: 'GET',
      resource: '/users/{userId}/posts',
      pathParameters: { userId: ada.userId },
      token: ada.token,
    });
    expect(
      responseBody<{ posts: PostBody[] }>(listed.result).posts.map((p) => p.postId),
    ).not.toContain(post.postId);
  });

  it("DELETE removes the post's image from the media bucket", async () => {
    const image = Buffer.from('an-image-that-goes-with-its-post');
    const { result } = await invoke('create-post', {
      method: 'POST',
      resource: '/posts',
      token: ada.token,
      body: { text: 'with a picture', imageContentType: 'image/png', imageSize: image.length },
    });
    const { post, upload } = responseBody<{
      post: PostBody & { imageKey: string };
      upload: { url: string; headers: Record<string, string> };
    }>(result);
    expect(
      (await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image })).status,
    ).toBe(200);
    const stored = () =>
      testbed.aws.s3
        .send(
          new HeadObjectCommand({ Bucket: testbed.aws.bucketName('media'), Key: post.imageKey }),
        )
        .then(() => true)
        .catch((error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)));
    expect(await stored()).toBe(true);

    const deleted = await invoke('delete-post', {
      method: 'DELETE',
      resource: '/posts/{postId}',
      pathParameters: { postId: post.postId },
      token: ada.token,
    });
    expect(deleted.result.statusCode).toBe(204);
    expectTrace(deleted.tree).toHavePath('## delete-post.handler', 'DeleteMedia');
    expect(await stored()).toBe(false);
  });

  it("lists a user's posts newest first, page by page, stable while new posts arrive", async () => {
    const author = grace;
    const written: string[] = [];
    for (let i = 0; i < 5; i++) written.push((await create(author, `post ${i}`)).postId);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { result } = await invoke('list-user-posts', {
        method: 'GET',
        resource: '/users/{userId}/posts',
        pathParameters: { userId: author.userId },
        query: { limit: '2', ...(cursor ? { cursor } : {}) },
        token: ada.token,
      });
      expect(result.statusCode).toBe(200);
      const page = responseBody<{ posts: PostBody[]; nextCursor?: string }>(result);
      seen.push(...page.posts.map((p) => p.postId));
      cursor = page.nextCursor;
      // A post written while paging appears on top, never shifting what is left to read.
      if (pages++ === 0) await create(author, 'written while paging');
    } while (cursor);
    expect(seen).toEqual([...written].reverse());
  });

  describe('bad input changes nothing', () => {
    const someUuid = '00000000-0000-4000-8000-000000000000';
    const routes: Array<[string, Omit<ApiEventOptions, 'token'>]> = [
      [
        'get-post',
        { method: 'GET', resource: '/posts/{postId}', pathParameters: { postId: someUuid } },
      ],
      [
        'delete-post',
        { method: 'DELETE', resource: '/posts/{postId}', pathParameters: { postId: someUuid } },
      ],
      [
        'list-user-posts',
        {
          method: 'GET',
          resource: '/users/{userId}/posts',
          pathParameters: { userId: 'user-ada' },
        },
      ],
    ];

    it.each(routes)('%s: missing, expired and forged JWT → 401', async (name, options) => {
      const expired = await testAccessToken(ada, { expired: true });
      const forged = await testAccessToken(ada, { forged: true });
      const before = await postsSnapshot();
      for (const token of [undefined, expired, forged]) {
        const { result } = await invoke(name, { ...options, ...(token ? { token } : {}) });
        expect(result.statusCode).toBe(401);
      }
      expect(await postsSnapshot()).toBe(before);
    });

    it.each([
      ['get-post', { postId: 'not-a-uuid' }, undefined],
      ['delete-post', { postId: 'not-a-uuid' }, undefined],
      ['get-post', { postId: someUuid }, 404],
      ['delete-post', { postId: someUuid }, 404],
    ] as const)('%s %j → 400/404', async (name, pathParameters, status) => {
      const before = await postsSnapshot();
      const method = name === 'get-post' ? 'GET' : 'DELETE';
      const { result } = await invoke(name, {
        method,
        resource: '/posts/{postId}',
        pathParameters,
        token: ada.token,
      });
      expect(result.statusCode).toBe(status ?? 400);
      expect(await postsSnapshot()).toBe(before);
    });

    it.each<Record<string, string>>([
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { cursor: '%%%' },
    ])('list-user-posts %j → 400', async (query) => {
      const { result } = await invoke('list-user-posts', {
        method: 'GET',
        resource: '/users/{userId}/posts',
        pathParameters: { userId: ada.userId },
        query,
        token: ada.token,
      });
      expect(result.statusCode).toBe(400);
    });

    it("list-user-posts refuses another author's cursor", async () => {
      const first = await invoke('list-user-posts', {
        method: 'GET',
        resource: '/users/{userId}/posts',
        pathParameters: { userId: grace.userId },
        query: { limit: '1' },
        token: ada.token,
      });
      const { nextCursor } = responseBody<{ nextCursor: string }>(first.result);
      expect(nextCursor).toEqual(expect.any(String));
      const { result } = await invoke('list-user-posts', {
        method: 'GET',
        resource: '/users/{userId}/posts',
        pathParameters: { userId: ada.userId },
        query: { cursor: nextCursor },
        token: ada.token,
      });
      expect(result.statusCode).toBe(400);
    });
  });
});
