import { createServer, type AddressInfo, type Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { eventually } from '@traced-social/aws-clients/testing';
import { createEvent, type EventOf } from '@traced-social/events';
import { apiEvent, responseBody, testAccessToken } from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import { newSegmentId, newTraceId } from '@traced-social/trace-model';
import {
  feedHandlers,
  followChange,
  producerRootOf,
  startFeedTestbed,
  tracedPostCreated,
  type FeedBody,
  type FeedTestbed,
} from '../testing/feed-testbed';

jest.setTimeout(120_000);

const { fanOut, getFeed } = feedHandlers;

/** The consumer succeeded for every record and its trace holds each step, under the consumer. */
function expectConsumerSteps(
  { result, tree }: Awaited<ReturnType<FeedTestbed['consume']>>,
  steps: string[],
): void {
  expect(result).toEqual({ batchItemFailures: [] });
  for (const step of steps) expectTrace(tree).toHavePath('Kinesis Consumer', step);
}

describe('feed: fan-out consumer and GET /feed (dynalite, real Redis)', () => {
  let testbed: FeedTestbed;
  const author = `author-${randomUUID()}`;
  const reader = { userId: `reader-${randomUUID()}`, username: 'reader' };
  const other = `other-${randomUUID()}`;
  const pendingFollower = `pending-${randomUUID()}`;
  let token: string;
  let clock = Date.parse('2026-11-26T09:00:00.000Z');

  const postCreated = (text: string, by = author) => tracedPostCreated(text, by, (clock += 1000));
  const readFeed = async (query: Record<string, string> = {}, env = {}) => {
    const invocation = await testbed.invoke(
      getFeed,
      apiEvent({ method: 'GET', resource: '/feed', token, query }),
      env,
    );
    return { ...invocation, body: responseBody<FeedBody>(invocation.result!) };
  };

  beforeAll(async () => {
    testbed = await startFeedTestbed();
    token = await testAccessToken(reader);
    await testbed.follow([reader.userId, other], author);
    await testbed.follow([pendingFollower], author, { pending: true });
  });
  afterAll(() => testbed.stop());

  it("fans a new post out to the followers' feeds inside the producer's trace", async () => {
    const event = postCreated('first post');
    const { result, tree } = await testbed.consume(fanOut, [event]);

    expect(result).toEqual({ batchItemFailures: [] });
    for (const owner of [author, reader.userId, other]) {
      expect((await testbed.feedItems(owner)).map((i) => i.postId)).toEqual([event.payload.postId]);
    }
    expect(await testbed.feedItems(pendingFollower)).toEqual([]);

    // The consumer's own trace: the batch, one "Kinesis Consumer" per record.
    expectTrace(tree)
      .toHavePath('## fan-out-events.handler', 'Kinesis Consumer')
      .node('## fan-out-events.handler')
      .toHaveAnnotation('operationType', 'FAN_OUT_FEED')
      .toHaveAnnotation('batchSize', 1)
      .toHaveAnnotation('failedRecords', 0);
    // The producer's trace: the record's work under the producer's publish subsegment.
    const producerRoot = producerRootOf(event);
    const producer = expectTrace(await testbed.capture.waitForTrace(producerRoot));
    producer
      .toHavePath('Kinesis Consumer', 'RecordPost')
      .toHavePath('Kinesis Consumer', 'ReadFollowers')
      .toHavePath('Kinesis Consumer', 'WriteFeedBatch')
      .toHavePath('Kinesis Consumer', 'Redis Cache Update');
    expect(producer.node('Kinesis Consumer').childNames()).toEqual([
      'ClassifyAuthor',
      'RecordPost',
      'ReadFollowers',
      'WriteFeedBatch',
      'Redis Cache Update',
    ]);
    producer.node('WriteFeedBatch').toHaveMetadata('dynamodb').toHaveMetadata('batchWrite');
  });

  it('serves GET /feed: a miss rebuilds the cache from DynamoDB, then hits', async () => {
    const miss = await readFeed();
    expect(miss.result?.statusCode).toBe(200);
    expect(miss.body.posts.map((p) => p.text)).toEqual(['first post']);
    const missTrace = expectTrace(miss.tree);
    missTrace.node('## get-feed.handler').toHaveAnnotation('operationType', 'GET_FEED');
    missTrace.node('Redis Cache Read').toHaveAnnotation('cacheHit', false).toBeOk();
    expect(missTrace.node('## get-feed.handler').childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
      'Redis Cache Read',
      'LoadFeed',
      'Redis Cache Write',
      'LoadPulledPosts',
    ]);
    expect(await testbed.redis.zcard(`feed:${reader.userId}`)).toBe(2); // entry + built marker

    const hit = await readFeed();
    expect(hit.body).toEqual(miss.body);
    const hitTrace = expectTrace(hit.tree);
    hitTrace.node('Redis Cache Read').toHaveAnnotation('cacheHit', true);
    hitTrace.notToHavePath('## get-feed.handler', 'LoadFeed');
  });

  it('adds new posts to built caches only, and pages with a cursor', async () => {
    const second = postCreated('second post');
    const third = postCreated('third post');
    const { result } = await testbed.consume(fanOut, [second, third]);
    expect(result).toEqual({ batchItemFailures: [] });
    // `other` never read their feed: no partial cache was created for them.
    expect(await testbed.redis.exists(`feed:${other}`)).toBe(0);

    const page1 = await readFeed({ limit: '2' });
    expectTrace(page1.tree).node('Redis Cache Read').toHaveAnnotation('cacheHit', true);
    expect(page1.body.posts.map((p) => p.text)).toEqual(['third post', 'second post']);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await readFeed({ limit: '2', cursor: page1.body.nextCursor! });
    expect(page2.body.posts.map((p) => p.text)).toEqual(['first post']);
    expect(page2.body.nextCursor).toBeUndefined();
  });

  it('refuses a cursor of another feed and a limit out of range with 400', async () => {
    const forged = Buffer.from(JSON.stringify({ u: other, p: 'x' })).toString('base64url');
    const wrongOwner = await readFeed({ cursor: forged });
    expect(wrongOwner.result?.statusCode).toBe(400);
    const tooMany = await readFeed({ limit: '500' });
    expect(tooMany.result?.statusCode).toBe(400);
    expect(
      Object.keys(responseBody<{ error: { fields: object } }>(tooMany.result!).error.fields),
    ).toEqual(['query.limit']);
    const anonymous = await testbed.invoke(getFeed, apiEvent({ method: 'GET', resource: '/feed' }));
    expect(anonymous.result?.statusCode).toBe(401);
  });

  it('still answers from DynamoDB when Redis does not, and the trace shows the cache error', async () => {
    const down = await readFeed(
      {},
      { REDIS_URL: 'redis://127.0.0.1:1', REDIS_COMMAND_TIMEOUT_MS: '300' },
    );
    expect(down.result?.statusCode).toBe(200);
    expect(down.body.posts.map((p) => p.text)).toEqual(['third post', 'second post', 'first post']);
    const trace = expectTrace(down.tree);
    trace.node('Redis Cache Read').toBeFault().toHaveAnnotation('cacheHit', false);
    trace.node('## get-feed.handler').toHaveMetadata('cacheError').toBeOk();
    trace.toHavePath('## get-feed.handler', 'LoadFeed');
    trace.notToHavePath('## get-feed.handler', 'Redis Cache Write');
  });

  it('answers from DynamoDB when Redis hangs: the command times out within its bound', async () => {
    // A server that accepts connections and never answers: Redis "slow" beyond any timeout.
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as AddressInfo;
    try {
      const slow = await readFeed(
        {},
        { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_COMMAND_TIMEOUT_MS: '300' },
      );
      expect(slow.result?.statusCode).toBe(200);
      expect(slow.body.posts.map((p) => p.text)).toEqual([
        'third post',
        'second post',
        'first post',
      ]);
      const trace = expectTrace(slow.tree);
      trace.node('Redis Cache Read').toBeFault().toHaveAnnotation('cacheHit', false);
      trace.node('## get-feed.handler').toBeOk().toHaveMetadata('cacheError');
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it('takes a deleted post back out of the feeds and the caches; a replay changes nothing', async () => {
    const doomed = postCreated('to be deleted');
    await testbed.consume(fanOut, [doomed]);
    expect((await readFeed()).body.posts[0].text).toBe('to be deleted');

    const deleted = createEvent('POST_DELETED', {
      postId: doomed.payload.postId,
      authorId: author,
      deletedAt: new Date().toISOString(),
    });
    const { result, tree } = await testbed.consume(fanOut, [deleted, deleted]);
    expect(result).toEqual({ batchItemFailures: [] });
    expectTrace(tree).toHavePath('Kinesis Consumer', 'DeleteFeedBatch');
    for (const owner of [author, reader.userId, other]) {
      expect((await testbed.feedItems(owner)).map((i) => i.postId)).not.toContain(
        doomed.payload.postId,
      );
    }
    const after = await readFeed();
    expectTrace(after.tree).node('Redis Cache Read').toHaveAnnotation('cacheHit', true);
    expect(after.body.posts.map((p) => p.text)).toEqual([
      'third post',
      'second post',
      'first post',
    ]);
  });

  describe('deletes win (decision 1401): a POST_CREATED after its POST_DELETED fans nothing out', () => {
    const deletedOf = (created: EventOf<'POST_CREATED'>) =>
      createEvent('POST_DELETED', {
        postId: created.payload.postId,
        authorId: created.payload.authorId,
        deletedAt: new Date().toISOString(),
      });
    const seenAnywhere = async (postId: string) => {
      for (const owner of [author, reader.userId, other]) {
        if ((await testbed.feedItems(owner)).some((i) => i.postId === postId)) return true;
      }
      return (await readFeed()).body.posts.some((p) => p.postId === postId);
    };

    it('CREATED refused by Kinesis, then DELETE, then the relay publishes the late CREATED', async () => {
      const created = postCreated('deleted before it got out');
      const deleted = deletedOf(created);
      expect((await testbed.consume(fanOut, [deleted])).result).toEqual({ batchItemFailures: [] });
      const late = await testbed.consume(fanOut, [created]);
      expect(late.result).toEqual({ batchItemFailures: [] });
      expect(await seenAnywhere(created.payload.postId)).toBe(false);
      expectTrace(late.tree).notToHavePath('Kinesis Consumer', 'WriteFeedBatch');
    });

    it('CREATED published twice around a DELETE (relay racing the request)', async () => {
      const created = postCreated('published twice');
      await testbed.consume(fanOut, [created]);
      expect(await seenAnywhere(created.payload.postId)).toBe(true);
      await testbed.consume(fanOut, [deletedOf(created), created]);
      expect(await seenAnywhere(created.payload.postId)).toBe(false);
    });

    it('replays of both, in any order, leave the post out', async () => {
      const created = postCreated('replayed');
      const deleted = deletedOf(created);
      await testbed.consume(fanOut, [created, deleted]);
      await testbed.consume(fanOut, [created, deleted, deleted, created]);
      await testbed.consume(fanOut, [created]);
      expect(await seenAnywhere(created.payload.postId)).toBe(false);
      // Other posts are untouched: the feed still reads as before.
      expect((await readFeed()).body.posts.map((p) => p.text)).toEqual([
        'third post',
        'second post',
        'first post',
      ]);
    });
  });
  it("copies a newly followed user's recent posts into the follower's feed", async () => {
    const newcomer = `newcomer-${randomUUID()}`;
    const theirPost = postCreated('from the newcomer', newcomer);
    await testbed.consume(fanOut, [theirPost]);
    expect((await readFeed()).body.posts.map((p) => p.text)).not.toContain('from the newcomer');

    await testbed.follow([reader.userId], newcomer);
    const followed = followChange('USER_FOLLOWED', reader.userId, newcomer);
    expectConsumerSteps(await testbed.consume(fanOut, [followed]), [
      'LoadAuthorPosts',
      'WriteFeedBatch',
      'Redis Cache Invalidate',
    ]);

    const feed = await readFeed();
    expectTrace(feed.tree).node('Redis Cache Read').toHaveAnnotation('cacheHit', false);
    expect(feed.body.posts[0].text).toBe('from the newcomer');
  });

  it("takes an unfollowed user's posts out of the follower's feed", async () => {
    const before = await readFeed();
    const newcomerPosts = before.body.posts.filter((p) => p.text === 'from the newcomer');
    expect(newcomerPosts).toHaveLength(1);
    const unfollowed = followChange('USER_UNFOLLOWED', reader.userId, newcomerPosts[0].authorId);
    expectConsumerSteps(await testbed.consume(fanOut, [unfollowed, unfollowed]), [
      'FindAuthorEntries',
      'DeleteFeedBatch',
      'Redis Cache Invalidate',
    ]);
    const after = await readFeed();
    expect(after.body.posts.map((p) => p.text)).toEqual([
      'third post',
      'second post',
      'first post',
    ]);
  });

  it('writes a fan-out to 1,200 followers in batches, within the subsegment budget, calling the cache script by SHA', async () => {
    const celebrity = `celebrity-${randomUUID()}`;
    const fans = Array.from({ length: 1200 }, (_, i) => `fan-${i}-${randomUUID()}`);
    await testbed.follow(fans, celebrity);
    const event = postCreated('hello fans', celebrity);
    // Every command Redis receives for this test's keys while the fan-out runs.
    const monitor = await testbed.redis.monitor();
    const scriptCalls: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args.some((arg) => arg.startsWith(testbed.redisPrefix))) scriptCalls.push(args[0]);
    });
    const { result } = await testbed.consume(fanOut, [event]);
    expect(result).toEqual({ batchItemFailures: [] });
    // The cache script is registered once: sent whole at most once (ioredis loads it with its
    // first call on a connection), then called by its SHA for every other follower.
    const named = (name: string) => scriptCalls.filter((c) => c.toLowerCase() === name);
    await eventually('Redis to report the fan-out', async () =>
      named('eval').length + named('evalsha').length >= 1201 ? true : undefined,
    );
    monitor.disconnect();
    expect(named('eval').length).toBeLessThanOrEqual(1);
    expect(named('evalsha').length).toBeGreaterThanOrEqual(1200);

    for (const fan of [fans[0], fans[599], fans[1199]]) {
      expect((await testbed.feedItems(fan)).map((i) => i.postId)).toEqual([event.payload.postId]);
    }
    const producerRoot = producerRootOf(event);
    const producer = expectTrace(await testbed.capture.waitForTrace(producerRoot));
    // Three pages of followers: one read, one batch write and one cache update per page.
    expect(producer.nodes('WriteFeedBatch')).toHaveLength(3);
    expect(producer.nodes('ReadFollowers')).toHaveLength(3);
    const writes = producer
      .nodes('WriteFeedBatch')
      .map((n) => n.metadata('batchWrite') as { requests: number; calls: number });
    expect(writes.reduce((n, w) => n + w.requests, 0)).toBe(1201);
    expect(writes.reduce((n, w) => n + w.calls, 0)).toBe(49);
    expect(testbed.capture.documents(producerRoot).length).toBeLessThan(50);
  });

  it("skips events it does not act on without opening a segment in their producer's trace", async () => {
    const liked = {
      ...createEvent('POST_LIKED', {
        postId: randomUUID(),
        authorId: author,
        likerId: other,
        likedAt: new Date().toISOString(),
      }),
      traceContext: `Root=${newTraceId()};Parent=${newSegmentId()};Sampled=1`,
    };
    const created = postCreated('after a like');
    const { result, tree } = await testbed.consume(fanOut, [liked, created]);
    expect(result).toEqual({ batchItemFailures: [] });
    // The post's producer trace got its consumer; the like's got nothing at all.
    const postRoot = producerRootOf(created);
    expectTrace(await testbed.capture.waitForTrace(postRoot)).toHavePath(
      'Kinesis Consumer',
      'RecordPost',
    );
    const likeRoot = producerRootOf(liked);
    expect(testbed.capture.documents(likeRoot)).toEqual([]);
    expect(expectTrace(tree).nodes('Kinesis Consumer')).toHaveLength(1);
  });

  it('reports a failing record for retry and fails the invocation on a poison record', async () => {
    const good = postCreated('good');
    const failing = await testbed.consume(fanOut, [good], { TABLE_FEEDS: 'no-such-table' });
    const sequence = failing.result?.batchItemFailures[0]?.itemIdentifier;
    expect(failing.result?.batchItemFailures).toHaveLength(1);
    expect(sequence).toMatch(/^\d+$/);
    expectTrace(failing.tree)
      .node('## fan-out-events.handler')
      .toHaveAnnotation('failedRecords', 1);

    const poison = await testbed.consume(fanOut, [postCreated('fine'), Buffer.from('not json')]);
    expect(poison.error).toMatchObject({ name: 'PoisonRecordError' });
    expectTrace(poison.tree).node('## fan-out-events.handler').toBeFault();
  });
});
