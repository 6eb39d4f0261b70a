import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createEvent, type EventOf } from '@traced-social/events';
import { apiEvent, responseBody, testAccessToken } from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import type { ResumeReport } from '../services/fan-out-steps';
import type { FeedBody, FeedTestbed } from '../testing/feed-testbed';
import {
  feedHandlers,
  followChange,
  producerRootOf,
  startFeedTestbed,
  tracedPostCreated,
} from '../testing/feed-testbed';

jest.setTimeout(180_000);

const { fanOut, getFeed, resume } = feedHandlers;

/**
 * Fan-out at any follower count (decision 1420): bounded steps resumed from a checkpoint, and
 * authors past the pull threshold merged into their followers' feeds at read time. Small pages
 * and a low threshold (environment) make a few dozen followers behave as a large audience would.
 */
describe('feed: resumable fan-out and pull authors (dynalite, real Redis)', () => {
  let testbed: FeedTestbed;
  let clock = Date.parse('2026-11-27T09:00:00.000Z');
  /** 5 followers a page, 2 pages a step, one step per resumer run; pull from 20 followers. */
  const small = {
    FANOUT_FOLLOWER_PAGE_SIZE: '5',
    FANOUT_PAGES_PER_STEP: '2',
    FANOUT_STEPS_PER_RESUME: '1',
    FANOUT_PULL_THRESHOLD: '20',
  };

  const postCreated = (text: string, by: string) => tracedPostCreated(text, by, (clock += 1000));
  const deletedOf = (created: EventOf<'POST_CREATED'>) =>
    createEvent('POST_DELETED', {
      postId: created.payload.postId,
      authorId: created.payload.authorId,
      deletedAt: new Date().toISOString(),
    });
  const users = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, i) => `${prefix}-${i}-${randomUUID()}`);
  /** How many times `postId` is in each user's feed (DynamoDB, the source of truth). */
  const copiesIn = async (owners: string[], postId: string) =>
    Promise.all(
      owners.map(
        async (owner) =>
          (await testbed.feedItems(owner)).filter((item) => item.postId === postId).length,
      ),
    );
  const pendingFanOuts = async () =>
    (
      await testbed.aws.dynamodb.send(
        new QueryCommand({
          TableName: testbed.aws.tableName('feeds'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': 'FANOUT#PENDING' },
          ConsistentRead: true,
        }),
      )
    ).Items ?? [];
  /** Runs the scheduled resumer until no fan-out is pending; the report of each run. */
  const resumeAll = async () => {
    const runs: ResumeReport[] = [];
    for (let run = 0; run < 20 && (await pendingFanOuts()).length; run++) {
      const invocation = await testbed.schedule<ResumeReport>(resume, small);
      expect(invocation.error).toBeUndefined();
      runs.push(invocation.result!);
    }
    return runs;
  };

  beforeAll(async () => {
    testbed = await startFeedTestbed();
  });
  afterAll(() => testbed.stop());

  describe('a fan-out larger than one step', () => {
    const author = `author-${randomUUID()}`;
    const fans = users('fan', 18); // 4 pages of 5: two steps of two pages
    const pending = `pending-${randomUUID()}`;

    beforeAll(async () => {
      await testbed.follow(fans, author);
      await testbed.follow([pending], author, { pending: true });
    });

    it('delivers one step, leaves a checkpoint, and the resumer delivers to every follower exactly once', async () => {
      const post = postCreated('to many fans', author);
      const first = await testbed.consume(fanOut, [post], small);
      expect(first.result).toEqual({ batchItemFailures: [] });
      // The first step: the author and two pages of followers; the rest wait at a checkpoint.
      const afterFirst = await copiesIn([author, ...fans], post.payload.postId);
      expect(afterFirst.filter((n) => n === 1)).toHaveLength(1 + 10);
      expect(afterFirst.filter((n) => n === 0)).toHaveLength(8);
      expect(await pendingFanOuts()).toHaveLength(1);
      const producerRoot = producerRootOf(post);
      const producer = expectTrace(await testbed.capture.waitForTrace(producerRoot));
      expect(producer.nodes('WriteFeedBatch')).toHaveLength(2);
      producer.toHavePath('Kinesis Consumer', 'SaveFanOutCheckpoint');

      // Kinesis retries the record (the consumer's answer was lost): nothing is delivered twice.
      await testbed.consume(fanOut, [post], small);

      const runs = await resumeAll();
      // One step per run (the bound): the remaining two pages of followers.
      expect(runs.every((run) => run.steps === 1)).toBe(true);
      expect(runs.at(-1)).toMatchObject({ finished: 1 });
      expect(await copiesIn([author, ...fans], post.payload.postId)).toEqual(
        Array(1 + fans.length).fill(1),
      );
      expect(await copiesIn([pending], post.payload.postId)).toEqual([0]);
      expect(await pendingFanOuts()).toEqual([]);
    });

    it('a delete during an unfinished fan-out takes the post out of every feed it reached', async () => {
      const post = postCreated('deleted half way', author);
      await testbed.consume(fanOut, [post], small);
      expect((await pendingFanOuts()).map((item) => item.operation)).toEqual(['deliver']);
      await testbed.consume(fanOut, [deletedOf(post)], small);
      // The delivery's checkpoint became a withdrawal from the first page.
      expect((await pendingFanOuts()).map((item) => item.operation)).toEqual(['withdraw']);
      await resumeAll();
      expect(await copiesIn([author, ...fans], post.payload.postId)).toEqual(
        Array(1 + fans.length).fill(0),
      );
      // A late replay of the CREATED is refused by the tombstone: nothing comes back.
      await testbed.consume(fanOut, [post], small);
      expect(await pendingFanOuts()).toEqual([]);
      expect(await copiesIn([author, ...fans], post.payload.postId)).toEqual(
        Array(1 + fans.length).fill(0),
      );
    });

    it('a delete of a finished large fan-out withdraws in bounded steps too', async () => {
      const post = postCreated('delivered then deleted', author);
      await testbed.consume(fanOut, [post], small);
      await resumeAll();
      await testbed.consume(fanOut, [deletedOf(post)], small);
      expect((await pendingFanOuts()).map((item) => item.operation)).toEqual(['withdraw']);
      await resumeAll();
      expect(await copiesIn([author, ...fans], post.payload.postId)).toEqual(
        Array(1 + fans.length).fill(0),
      );
    });
  });

  describe('an author past the pull threshold', () => {
    const celebrity = `celebrity-${randomUUID()}`;
    const friend = `friend-${randomUUID()}`;
    const reader = { userId: `reader-${randomUUID()}`, username: 'reader' };
    const crowd = users('crowd', 24);
    let token: string;
    const shown: string[] = []; // texts, oldest first, as the reader should see them

    const readFeed = async (query: Record<string, string> = {}) => {
      const invocation = await testbed.invoke(
        getFeed,
        apiEvent({ method: 'GET', resource: '/feed', token, query }),
        small,
      );
      expect(invocation.result?.statusCode).toBe(200);
      return { ...invocation, body: responseBody<FeedBody>(invocation.result!) };
    };
    /** Every page with `limit`, following the cursors; the texts, newest first. */
    const readAllPages = async (limit: number) => {
      const texts: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 50; page++) {
        const { body } = await readFeed({ limit: String(limit), ...(cursor ? { cursor } : {}) });
        texts.push(...body.posts.map((p) => p.text));
        cursor = body.nextCursor;
        if (!cursor) break;
      }
      return texts;
    };

    beforeAll(async () => {
      token = await testAccessToken(reader);
      await testbed.follow([reader.userId, ...crowd], celebrity);
      await testbed.follow([reader.userId], friend);
      // Interleaved in time: pushed posts of a friend, pulled posts of the celebrity.
      const posts = [
        postCreated('friend 1', friend),
        postCreated('celebrity 1', celebrity),
        postCreated('friend 2', friend),
        postCreated('celebrity 2', celebrity),
        postCreated('celebrity 3', celebrity),
        postCreated('friend 3', friend),
      ];
      const { result } = await testbed.consume(fanOut, posts, small);
      expect(result).toEqual({ batchItemFailures: [] });
      shown.push(...posts.map((p) => p.payload.text));
    });

    it('is not fanned out: only its own feed holds its post', async () => {
      const post = postCreated('celebrity 4', celebrity);
      await testbed.consume(fanOut, [post], small);
      shown.push('celebrity 4');
      expect(await copiesIn([reader.userId, ...crowd], post.payload.postId)).toEqual(
        Array(1 + crowd.length).fill(0),
      );
      expect(await copiesIn([celebrity], post.payload.postId)).toEqual([1]);
      const producerRoot = producerRootOf(post);
      const trace = expectTrace(await testbed.capture.waitForTrace(producerRoot));
      trace.toHavePath('Kinesis Consumer', 'ClassifyAuthor');
      trace.notToHavePath('Kinesis Consumer', 'ReadFollowers');
      expect(await pendingFanOuts()).toEqual([]);
    });

    it("merges the celebrity's posts into the reader's feed in order, and pages them with the pushed ones", async () => {
      const newestFirst = [...shown].reverse();
      const first = await readFeed();
      expect(first.body.posts.map((p) => p.text)).toEqual(newestFirst);
      expect(first.body.nextCursor).toBeUndefined();
      expectTrace(first.tree).toHavePath('## get-feed.handler', 'LoadPulledPosts');
      for (const limit of [1, 2, 3, 4]) expect(await readAllPages(limit)).toEqual(newestFirst);
      // Served from the cache now (pushed part), still with the pulled posts merged in.
      const cached = await readFeed({ limit: '3' });
      expectTrace(cached.tree).node('Redis Cache Read').toHaveAnnotation('cacheHit', true);
      expect(cached.body.posts.map((p) => p.text)).toEqual(newestFirst.slice(0, 3));
    });

    it('shows a new celebrity post at once, and a deleted one disappears', async () => {
      const fresh = postCreated('celebrity 5', celebrity);
      await testbed.consume(fanOut, [fresh], small);
      expect((await readFeed({ limit: '1' })).body.posts.map((p) => p.text)).toEqual([
        'celebrity 5',
      ]);
      const doomed = postCreated('celebrity doomed', celebrity);
      await testbed.consume(fanOut, [doomed], small);
      expect((await readFeed({ limit: '1' })).body.posts[0].text).toBe('celebrity doomed');
      await testbed.consume(fanOut, [deletedOf(doomed)], small);
      const after = await readAllPages(2);
      expect(after).not.toContain('celebrity doomed');
      expect(after).toEqual(['celebrity 5', ...[...shown].reverse()]);
      // The celebrity's own feed lost it too.
      expect(await copiesIn([celebrity], doomed.payload.postId)).toEqual([0]);
    });

    it('a new follower of the celebrity gets no copies, and an unfollow hides its posts', async () => {
      const newcomer = users('newcomer', 1)[0];
      await testbed.follow([newcomer], celebrity);
      await testbed.consume(fanOut, [followChange('USER_FOLLOWED', newcomer, celebrity)], small);
      expect(await testbed.feedItems(newcomer)).toEqual([]);

      await testbed.unfollow([reader.userId], celebrity);
      expect(await readAllPages(3)).toEqual(['friend 3', 'friend 2', 'friend 1']);
    });
  });
});
