import { randomUUID } from 'node:crypto';
import { closeRedisClients } from '@traced-social/aws-clients';
import { startTestRedis, type RedisServer } from '@traced-social/local-redis';
import type { FeedEntry } from '../domain/feed';
import {
  addToCachedFeeds,
  invalidateCachedFeed,
  readCachedFeed,
  removeFromCachedFeeds,
  writeCachedFeed,
  type CacheMiss,
} from './feed-cache';

/**
 * A rebuild read from DynamoDB races the changes made while it runs (decision 1961): against a
 * real Redis, each change that finds no cached set makes the rebuild that missed before it skip
 * its write, so the next read rebuilds instead of serving a feed without the change for 15 min.
 */
describe('the feed cache: a rebuild is not written back over a change made meanwhile', () => {
  let redis: RedisServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = await startTestRedis();
    process.env.REDIS_URL = redis.url;
    process.env.REDIS_KEY_PREFIX = `feed-cache-spec:${randomUUID()}:`;
  });
  afterAll(async () => {
    await closeRedisClients();
    await redis.stop();
    process.env = saved;
  });

  const entry = (postId: string, day: number): FeedEntry => ({
    postId,
    authorId: 'author',
    text: postId,
    createdAt: `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`,
  });
  const miss = async (userId: string): Promise<CacheMiss> => {
    const read = await readCachedFeed(userId);
    if (read.hit) throw new Error(`expected a miss for ${userId}`);
    return read;
  };

  it('writes a rebuild back when nothing changed since the miss, and serves it', async () => {
    const user = randomUUID();
    expect(await writeCachedFeed(user, [entry('p1', 1)], await miss(user))).toBe(true);
    expect(await readCachedFeed(user)).toEqual({
      hit: true,
      feed: { entries: [entry('p1', 1)], complete: true },
    });
  });

  it.each([
    ['a fan-out of a new post', (user: string) => addToCachedFeeds([user], entry('new', 9))],
    ['a removal', (user: string) => removeFromCachedFeeds([user], entry('p1', 1))],
    ['an invalidation (a follow or an unfollow)', (user: string) => invalidateCachedFeed(user)],
  ])(
    'skips the write of a rebuild that missed before %s, and the next read rebuilds',
    async (_, change) => {
      const user = randomUUID();
      const before = await miss(user);
      // The rebuild reads DynamoDB here; the change lands before it writes back.
      await change(user);
      expect(await writeCachedFeed(user, [entry('p1', 1)], before)).toBe(false);
      const next = await miss(user);
      expect(next.version).not.toBe(before.version);
      // A rebuild that missed after the change is written.
      expect(await writeCachedFeed(user, [entry('new', 9), entry('p1', 1)], next)).toBe(true);
      expect(await readCachedFeed(user)).toMatchObject({ hit: true });
    },
  );

  it('adds a new post to a feed that is cached, without counting a change', async () => {
    const user = randomUUID();
    const first = await miss(user);
    expect(await writeCachedFeed(user, [entry('p1', 1)], first)).toBe(true);
    expect(await addToCachedFeeds([user], entry('p2', 2))).toBe(1);
    expect(await readCachedFeed(user)).toEqual({
      hit: true,
      feed: { entries: [entry('p2', 2), entry('p1', 1)], complete: true },
    });
    await invalidateCachedFeed(user);
    expect((await miss(user)).version).toBe('1');
  });
});
