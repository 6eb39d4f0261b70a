import { randomUUID } from 'node:crypto';
import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import { expectTrace } from '@traced-social/observability/testing';
import { traceHolding } from './cloud-traces';

jest.setTimeout(300_000);

interface Tokens {
  accessToken: string;
}
interface FeedBody {
  posts: Array<{ postId: string; authorId: string; text: string }>;
}

/**
 * The whole story through the local cloud, every app as `npm start` serves it: A follows B, B
 * posts, A's feed shows it (a cache miss, then a hit, both found by `annotation.cacheHit` through
 * the collector's X-Ray API), A likes it, the count moves, B is told; and B's CREATE_POST trace
 * holds the fan-out consumer and its Redis cache update, as in the seed's tree.
 */
describe('end to end: follow, post, feed, like, notification', () => {
  let session: CloudSession;
  const password = 'Correct-Horse-9-Battery!';
  const suffix = randomUUID().slice(0, 8);
  const a = { username: `ann${suffix}`, email: `ann-${suffix}@example.com`, userId: '', token: '' };
  const b = { username: `bob${suffix}`, email: `bob-${suffix}@example.com`, userId: '', token: '' };

  const traceWith = (traceId: string, ...names: string[]) =>
    traceHolding(session, traceId, ...names);

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['auth', 'profile', 'posts', 'feed', 'likes', 'notifications'],
    });
    for (const user of [a, b]) {
      const registered = await session.api<{ user: { userId: string } }>('POST', '/auth/register', {
        body: { email: user.email, username: user.username, password },
      });
      expect(registered.status).toBe(201);
      user.userId = registered.body.user.userId;
      const login = await session.api<Tokens>('POST', '/auth/login', {
        body: { email: user.email, password },
      });
      expect(login.status).toBe(200);
      user.token = login.body.accessToken;
    }
  });
  afterAll(() => session?.stop());

  it('A follows B; B posts; A reads the post in the feed (miss, then hit); A likes it; B is told', async () => {
    const follow = await session.api('POST', `/profiles/${b.userId}/follow`, { token: a.token });
    expect(follow.status).toBe(200);

    const created = await session.api<{ post: { postId: string } }>('POST', '/posts', {
      token: b.token,
      body: { text: 'Hello from B' },
    });
    expect(created.status).toBe(201);
    const { postId } = created.body.post;

    // The fan-out consumer ran inside B's request trace, down to the Redis cache update.
    const createTree = await traceWith(created.traceId, 'WriteFeedBatch', 'Redis Cache Update');
    const createTrace = expectTrace(createTree)
      .toHavePath('## index.handler', 'PublishEvent', 'Kinesis Consumer', 'WriteFeedBatch')
      .toHavePath('PublishEvent', 'Kinesis Consumer', 'Redis Cache Update');
    createTrace.node('## index.handler').toHaveAnnotation('operationType', 'CREATE_POST');
    createTrace.node('PublishEvent').toHaveAnnotation('eventType', 'POST_CREATED');

    // A's first read misses and rebuilds the cache from DynamoDB; the second hits.
    const miss = await session.api<FeedBody>('GET', '/feed', { token: a.token });
    expect(miss.status).toBe(200);
    expect(miss.body.posts.map((p) => [p.postId, p.authorId, p.text])).toEqual([
      [postId, b.userId, 'Hello from B'],
    ]);
    const hit = await session.api<FeedBody>('GET', '/feed', { token: a.token });
    expect(hit.body).toEqual(miss.body);

    const misses = await eventually('the miss to be findable', async () => {
      const ids = await session.findTraces('annotation.cacheHit = false');
      return ids.includes(miss.traceId) ? ids : undefined;
    });
    const hits = await eventually('the hit to be findable', async () => {
      const ids = await session.findTraces('annotation.cacheHit = true');
      return ids.includes(hit.traceId) ? ids : undefined;
    });
    expect(misses).not.toContain(hit.traceId);
    expect(hits).not.toContain(miss.traceId);
    expectTrace(await traceWith(miss.traceId, 'Redis Cache Write'))
      .toHavePath('## index.handler', 'Redis Cache Read')
      .toHavePath('## index.handler', 'LoadFeed')
      .node('## index.handler')
      .toHaveAnnotation('operationType', 'GET_FEED');

    // A likes it: the count follows through the likes stream.
    const like = await session.api('PUT', `/posts/${postId}/like`, { token: a.token });
    expect(like.status).toBe(200);
    await eventually('the like count to reach 1', async () => {
      const { body } = await session.api<{ likeCount: number }>('GET', `/posts/${postId}/likes`, {
        token: b.token,
      });
      return body.likeCount === 1 ? body : undefined;
    });

    // B is told: A followed, A liked.
    const told = await eventually('B to be notified of the like', async () => {
      const { body } = await session.api<{
        notifications: Array<{ type: string; actorId: string; postId?: string }>;
        unreadCount: number;
      }>('GET', '/notifications', { token: b.token });
      return body.notifications.some((n) => n.type === 'POST_LIKED') ? body : undefined;
    });
    expect(told.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'POST_LIKED', actorId: a.userId, postId }),
        expect.objectContaining({ type: 'USER_FOLLOWED', actorId: a.userId }),
      ]),
    );
    expect(told.unreadCount).toBe(2);
  });
});
