import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { countItems, eventually, seedItems } from '@traced-social/aws-clients/testing';
import { feedPartition, followEdgeItem, userKeys } from '@traced-social/tables';
import type { CloudSession } from './cloud-session';

/**
 * The load's hostile author (issue 14): an account with 100,000 followers, far above the feed's
 * pull threshold (decision 1420), posting through POST /posts during the run while every load user
 * follows it, so GET /feed merges its posts at read time. Its other followers are written straight
 * into dynalite (no stream records: the profile's count already holds them, as if counted long
 * ago); the load users follow it as the profile app would, so count-follows adds them.
 */
export const CELEBRITY_FOLLOWERS = 100_000;

export interface Celebrity {
  userId: string;
  username: string;
  token: string;
  /** A follower written straight into dynalite: its feed must stay empty. */
  fanIds: string[];
}

interface Reader {
  userId: string;
  token: string;
}

const FEEDS_PULL_PARTITION = 'PULL#AUTHORS';
const FEEDS_PENDING_PARTITION = 'FANOUT#PENDING';

/** A client of dynalite behind the local cloud's stream proxy (writes make no stream records). */
function unstreamedClient(session: CloudSession): DynamoDBDocumentClient {
  const { env } = session.cloud;
  return DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: session.cloud.endpoints.dynamodbWithoutStreams,
      region: env.AWS_REGION,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      },
    }),
  );
}

const fanId = (celebrityId: string, index: number) => `${celebrityId}-fan-${index}`;

/**
 * Creates the celebrity with `CELEBRITY_FOLLOWERS` followers (the readers among them), and makes
 * its first post, waiting until the feed has classified it as a pull author: the functions that
 * start after that (the warm-up's) read feeds with the celebrity merged in.
 */
export async function seedCelebrity(
  session: CloudSession,
  readers: Reader[],
  log: (line: string) => void,
): Promise<Celebrity> {
  const suffix = Date.now().toString(36);
  const user = { userId: `load-celebrity-${suffix}`, username: `loadceleb${suffix}` };
  const fans = CELEBRITY_FOLLOWERS - readers.length;
  await session.seedUser(user);
  const client = unstreamedClient(session);
  try {
    // The profile counts the followers written below (the users table has no stream).
    await client.send(
      new UpdateCommand({
        TableName: session.cloud.names.table('users'),
        Key: userKeys.profile(user.userId),
        UpdateExpression: 'SET followerCount = :fans',
        ExpressionAttributeValues: { ':fans': fans },
      }),
    );
    const followedAt = new Date().toISOString();
    await seedItems({
      client,
      tableName: session.cloud.names.table('follows'),
      count: fans,
      itemAt: (i) => followEdgeItem(fanId(user.userId, i), user.userId, followedAt),
      log,
      label: 'follow edges of the celebrity',
    });
    for (const reader of readers) await session.follow(reader.userId, user.userId);
    const token = await session.tokenFor(user);
    const first = await session.api('POST', '/posts', {
      token,
      body: { text: 'The celebrity says hello' },
    });
    if (first.status !== 201)
      throw new Error(`The celebrity's first post answered ${first.status}`);
    await waitFor('the celebrity to become a pull author', async () => {
      const { Item } = await client.send(
        new GetCommand({
          TableName: session.cloud.names.table('feeds'),
          Key: { pk: FEEDS_PULL_PARTITION, sk: user.userId },
        }),
      );
      return Item !== undefined;
    });
    return {
      ...user,
      token,
      fanIds: [0, Math.floor(fans / 2), fans - 1].map((i) => fanId(user.userId, i)),
    };
  } finally {
    client.destroy();
  }
}

export interface CelebrityCheck {
  /** followerCount of the celebrity's profile, read through GET /profiles/{userId}. */
  followerCount: number;
  /** The celebrity's posts, read through GET /users/{userId}/posts. */
  posts: number;
  /** Whether the celebrity's newest post is on a reader's first feed page. */
  newestPostInReaderFeed: boolean;
  /** The celebrity's posts on that page (of 20). */
  celebrityPostsOnReaderPage: number;
  /** Items in the feeds table in all: a single push fan-out would have written 100,000. */
  feedItems: number;
  /** Items in the feeds of a few followers written straight into dynalite (must be 0). */
  fanFeedItems: number;
  /** Fan-out checkpoints still pending (a push fan-out of the celebrity would leave some). */
  pendingFanOuts: number;
}

/** What the end of the run shows about the celebrity's posts; `failures` lists what is wrong. */
export async function checkCelebrity(
  session: CloudSession,
  celebrity: Celebrity,
  reader: Reader,
): Promise<{ check: CelebrityCheck; failures: string[] }> {
  let followerCount = 0;
  await heldWithin("the celebrity's follower count", async () => {
    const answer = await session.api<{ profile: { followerCount: number } }>(
      'GET',
      `/profiles/${celebrity.userId}`,
      { token: reader.token },
    );
    followerCount = answer.status === 200 ? answer.body.profile.followerCount : -answer.status;
    return followerCount === CELEBRITY_FOLLOWERS;
  });
  const listed = await listPosts(session, celebrity);
  const newest = listed[0];
  let page: Array<{ postId: string; authorId: string }> = [];
  const newestShown = await heldWithin(
    "the celebrity's newest post in a reader's feed",
    async () => {
      const feed = await session.api<{ posts: typeof page }>('GET', '/feed?limit=20', {
        token: reader.token,
      });
      page = feed.status === 200 ? feed.body.posts : [];
      return page.some((post) => post.postId === newest?.postId);
    },
  );
  const client = unstreamedClient(session);
  try {
    const feeds = session.cloud.names.table('feeds');
    let fanFeedItems = 0;
    for (const fan of celebrity.fanIds)
      fanFeedItems += await countPartition(client, feeds, feedPartition(fan));
    const check: CelebrityCheck = {
      followerCount,
      posts: listed.length,
      newestPostInReaderFeed: newestShown,
      celebrityPostsOnReaderPage: page.filter((post) => post.authorId === celebrity.userId).length,
      feedItems: await countItems(client, { TableName: feeds }),
      fanFeedItems,
      pendingFanOuts: await countPartition(client, feeds, FEEDS_PENDING_PARTITION),
    };
    const failures = [
      check.followerCount !== CELEBRITY_FOLLOWERS &&
        `the celebrity's profile counts ${check.followerCount} followers, not ${CELEBRITY_FOLLOWERS}`,
      !check.newestPostInReaderFeed && "the celebrity's newest post is not in a reader's feed",
      check.feedItems >= CELEBRITY_FOLLOWERS &&
        `the feeds table holds ${check.feedItems} items: a fan-out wrote the celebrity's followers' feeds`,
      check.fanFeedItems > 0 && `followers of the celebrity have ${check.fanFeedItems} feed items`,
      check.pendingFanOuts > 0 && `${check.pendingFanOuts} fan-outs are still pending`,
    ].filter((failure): failure is string => typeof failure === 'string');
    return { check, failures };
  } finally {
    client.destroy();
  }
}

async function listPosts(session: CloudSession, celebrity: Celebrity) {
  const posts: Array<{ postId: string }> = [];
  let cursor: string | undefined;
  do {
    const query = `limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await session.api<{ posts: Array<{ postId: string }>; nextCursor?: string }>(
      'GET',
      `/users/${celebrity.userId}/posts?${query}`,
      { token: celebrity.token },
    );
    if (answer.status !== 200)
      throw new Error(`Listing the celebrity's posts answered ${answer.status}`);
    posts.push(...answer.body.posts);
    cursor = answer.body.nextCursor;
  } while (cursor);
  return posts;
}

/** Items under one partition key of a table. */
const countPartition = (client: DynamoDBDocumentClient, table: string, pk: string) =>
  countItems(client, {
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': pk },
  });

/**
 * Polls `condition` until it holds, for up to 90 s (the relay and the pull-author list run on a
 * one-minute clock): resolves true, or throws naming `what`.
 */
const waitFor = (what: string, condition: () => Promise<boolean>): Promise<true> =>
  eventually(what, async () => ((await condition()) ? true : undefined), 90_000);

/** `waitFor` for an end-of-run check: false when the condition never held. */
const heldWithin = (what: string, condition: () => Promise<boolean>): Promise<boolean> =>
  waitFor(what, condition).catch(() => false);
