import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '@traced-social/aws-clients/testing';
import {
  startCloudSession,
  type CloudSession,
  type SessionUser,
  uniqueUser,
} from '@traced-social/cloud-session';
import { expectTrace } from '@traced-social/observability/testing';
import { feedPartition } from '@traced-social/tables';
import type { FeedBody } from '../testing/feed-testbed';
import { traceHolding } from './cloud-traces';

jest.setTimeout(420_000);

/** The function that resumes fan-outs from their checkpoints, on a one-minute schedule. */
const RESUMER = 'resume-fan-out';

/** What EventBridge sends a scheduled function. */
const scheduledEvent = () => ({
  version: '0',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
  resources: [],
  detail: {},
});

/** 3 followers a page, 2 pages a step, one step per resumer run; pull from 20 followers. */
const SMALL_FAN_OUT = {
  FANOUT_FOLLOWER_PAGE_SIZE: '3',
  FANOUT_PAGES_PER_STEP: '2',
  FANOUT_STEPS_PER_RESUME: '1',
  FANOUT_PULL_THRESHOLD: '20',
};

/**
 * Fan-out at any follower count (issue 14, decision 1420) through the local cloud, every
 * function as deployed: posts written with `POST /posts`, the relay and fan-out consumer on the
 * real stream, `resume-fan-out` on its one-minute schedule, feeds read with `GET /feed`. Small
 * pages and a low pull threshold (the feed functions' environment) make a few dozen followers
 * behave as a large audience would.
 */
describe('feed through the local cloud: resumable fan-out and pull authors', () => {
  let session: CloudSession;

  interface Member extends SessionUser {
    token: string;
  }
  const member = async (name: string): Promise<Member> => {
    const user = uniqueUser(name);
    await session.seedUser(user);
    return { ...user, token: await session.tokenFor(user) };
  };
  const followAll = async (followers: Member[], followee: Member) => {
    for (const follower of followers) await session.follow(follower.userId, followee.userId);
  };
  const post = async (author: Member, text: string): Promise<string> => {
    const created = await session.api<{ post: { postId: string } }>('POST', '/posts', {
      token: author.token,
      body: { text },
    });
    expect(created.status).toBe(201);
    return created.body.post.postId;
  };
  const readFeed = async (reader: Member, query: Record<string, string> = {}) => {
    const search = new URLSearchParams(query).toString();
    const answer = await session.api<FeedBody>('GET', `/feed${search ? `?${search}` : ''}`, {
      token: reader.token,
    });
    expect(answer.status).toBe(200);
    return answer;
  };
  /** Every page of `limit` posts, following the cursors: the texts, newest first. */
  const readAllPages = async (reader: Member, limit: number) => {
    const texts: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const { body } = await readFeed(reader, {
        limit: String(limit),
        ...(cursor ? { cursor } : {}),
      });
      texts.push(...body.posts.map((p) => p.text));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return texts;
  };
  /** How many copies of `postId` each user's feed holds in DynamoDB (written by fan-out). */
  const copiesIn = (users: Member[], postId: string) =>
    Promise.all(
      users.map(async ({ userId }) => {
        const { Items = [] } = await session.dynamodb.send(
          new QueryCommand({
            TableName: session.cloud.names.table('feeds'),
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': feedPartition(userId) },
            ConsistentRead: true,
          }),
        );
        return Items.filter((item) => item.postId === postId).length;
      }),
    );
  const traceWith = (traceId: string, ...names: string[]) =>
    traceHolding(session, traceId, ...names);

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['posts', 'feed'],
      configure: (manifest) =>
        manifest.app === 'feed'
          ? {
              ...manifest,
              functions: manifest.functions.map((fn) => ({
                ...fn,
                environment: { ...fn.environment, ...SMALL_FAN_OUT },
                // The resumer's one-minute schedule is pushed out of the test's way (a day) and
                // the resumer invoked as the schedule would, so the test waits for no minute.
                ...(fn.name === RESUMER && fn.trigger.type === 'schedule'
                  ? { trigger: { ...fn.trigger, expression: 'rate(1 day)' } }
                  : {}),
              })),
            }
          : manifest,
    });
  });
  afterAll(() => session?.stop());

  it("merges a pull author's posts into followers' feeds at read time: order, pages and cache as for pushed posts", async () => {
    const [celebrity, friend, reader] = await Promise.all(
      ['celebrity', 'friend', 'reader'].map(member),
    );
    const crowd = await Promise.all(Array.from({ length: 24 }, () => member('crowd')));
    await followAll([reader, ...crowd], celebrity);
    await followAll([reader], friend);

    // Interleaved in time: pushed posts of the friend, pulled posts of the celebrity.
    const shown: string[] = []; // oldest first
    const ids = new Map<string, string>();
    for (const [author, text] of [
      [friend, 'friend 1'],
      [celebrity, 'celebrity 1'],
      [friend, 'friend 2'],
      [celebrity, 'celebrity 2'],
      [celebrity, 'celebrity 3'],
      [friend, 'friend 3'],
    ] as const) {
      ids.set(text, await post(author, text));
      shown.push(text);
    }
    const newestFirst = [...shown].reverse();
    await eventually('the reader to see all six posts', async () => {
      const { body } = await readFeed(reader);
      return body.posts.length === 6 ? body : undefined;
    });

    // What the reader sees: one feed, newest first, whatever the page size.
    const first = await readFeed(reader);
    expect(first.body.posts.map((p) => p.text)).toEqual(newestFirst);
    expect(first.body.nextCursor).toBeUndefined();
    for (const limit of [1, 2, 4]) expect(await readAllPages(reader, limit)).toEqual(newestFirst);
    // A cached read answers the same, the pulled posts merged into the cached pushed page.
    const cached = await readFeed(reader);
    expect(cached.body).toEqual(first.body);
    expectTrace(await traceWith(cached.traceId, 'Redis Cache Read', 'LoadPulledPosts'))
      .node('Redis Cache Read')
      .toHaveAnnotation('cacheHit', true);

    // The celebrity was not fanned out: no follower's feed holds a copy, its own feed does.
    const celebrityPost = ids.get('celebrity 2')!;
    expect(await copiesIn([reader, ...crowd], celebrityPost)).toEqual(Array(25).fill(0));
    expect(await copiesIn([celebrity], celebrityPost)).toEqual([1]);
    expect(await copiesIn([reader], ids.get('friend 2')!)).toEqual([1]);

    // A new celebrity post shows on the next reads; a deleted one disappears from them.
    const freshId = await post(celebrity, 'celebrity 4');
    await eventually('the new celebrity post on top', async () => {
      const { body } = await readFeed(reader, { limit: '1' });
      return body.posts[0]?.postId === freshId ? body : undefined;
    });
    const deleted = await session.api('DELETE', `/posts/${ids.get('celebrity 3')}`, {
      token: celebrity.token,
    });
    expect(deleted.status).toBe(204);
    const after = await eventually('the deleted post gone', async () => {
      const texts = await readAllPages(reader, 2);
      return texts.includes('celebrity 3') ? undefined : texts;
    });
    expect(after).toEqual(['celebrity 4', ...newestFirst.filter((t) => t !== 'celebrity 3')]);
  });

  it("delivers a smaller author's post in bounded steps, the schedule resuming from the checkpoint until every follower has it", async () => {
    const author = await member('author');
    const fans = await Promise.all(Array.from({ length: 16 }, () => member('fan')));
    await followAll(fans, author);

    const created = await session.api<{ post: { postId: string } }>('POST', '/posts', {
      token: author.token,
      body: { text: 'to many fans' },
    });
    expect(created.status).toBe(201);
    const { postId } = created.body.post;

    // The consumer, in the post's own trace, did one step (two pages) and left a checkpoint.
    const createTrace = expectTrace(
      await traceWith(created.traceId, 'SaveFanOutCheckpoint', 'WriteFeedBatch'),
    ).toHavePath('Kinesis Consumer', 'SaveFanOutCheckpoint');
    expect(createTrace.nodes('WriteFeedBatch')).toHaveLength(2);

    // The scheduled resumer finishes it, a step a run: every fan sees the post once.
    for (let run = 1; ; run++) {
      const outcome = await session.cloud.invoke(`feed-${RESUMER}`, scheduledEvent());
      expect(outcome).toMatchObject({ ok: true });
      const copies = await copiesIn(fans, postId);
      if (copies.every((n) => n === 1)) break;
      if (run === 10) throw new Error(`fans still without the post after 10 runs: ${copies}`);
    }
    for (const fan of fans) {
      const { body } = await readFeed(fan);
      expect(body.posts.map((p) => p.postId)).toEqual([postId]);
    }
    const { Items: checkpoints = [] } = await session.dynamodb.send(
      new QueryCommand({
        TableName: session.cloud.names.table('feeds'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': 'FANOUT#PENDING' },
        ConsistentRead: true,
      }),
    );
    expect(checkpoints).toEqual([]);

    // Each scheduled run that delivered did at most one step (two pages); ten fans were left
    // after the consumer's step, so two runs at least.
    const resumeRuns = await session.findTraces('annotation.operationType = "RESUME_FAN_OUT"');
    const pagesPerRun = (
      await Promise.all(
        resumeRuns.map(async (traceId) => expectTrace(await session.readTrace(traceId))),
      )
    )
      .map((trace) => trace.nodes('WriteFeedBatch').length)
      .filter((pages) => pages > 0);
    expect(pagesPerRun.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...pagesPerRun)).toBeLessThanOrEqual(2);
  });
});
