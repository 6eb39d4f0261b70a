import { randomUUID } from 'node:crypto';
import { closeRedisClients } from '@traced-social/aws-clients';
import { startTestRedis, type RedisServer } from '@traced-social/local-redis';
import Redis from 'ioredis';
import type { FeedEntry } from '../domain/feed';
import {
  REBUILD_WINDOW_SECONDS,
  addToCachedFeeds,
  feedVersionKey,
  invalidateCachedFeed,
  readCachedFeed,
  removeFromCachedFeeds,
  writeCachedFeed,
  type CacheMiss,
} from './feed-cache';

/**
 * A rebuild read from DynamoDB races the changes made while it runs (decision 1961): against a
 * real Redis, each change that finds no cached set makes the rebuild that missed before it skip
 * its write, so the next read rebuilds instead of serving a feed without the change for 15 min;
 * and a change to a feed nobody is rebuilding leaves no key behind (a popular author's fan-out).
 */
describe('the feed cache: a rebuild is not written back over a change made meanwhile', () => {
  let redis: RedisServer;
  let raw: Redis;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = await startTestRedis();
    const prefix = `feed-cache-spec:${randomUUID()}:`;
    process.env.REDIS_URL = redis.url;
    process.env.REDIS_KEY_PREFIX = prefix;
    raw = new Redis(redis.url, { keyPrefix: prefix });
  });
  afterAll(async () => {
    raw.disconnect();
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

  it('adds a new post to a cached feed, and leaves no key for a feed nobody is rebuilding', async () => {
    const [reader, idle] = [randomUUID(), randomUUID()];
    expect(await writeCachedFeed(reader, [entry('p1', 1)], await miss(reader))).toBe(true);
    expect(await addToCachedFeeds([reader, idle], entry('p2', 2))).toBe(1);
    expect(await readCachedFeed(reader)).toEqual({
      hit: true,
      feed: { entries: [entry('p2', 2), entry('p1', 1)], complete: true },
    });
    await removeFromCachedFeeds([idle], entry('p2', 2));
    await invalidateCachedFeed(idle);
    expect(await raw.exists(feedVersionKey(idle))).toBe(0);
    // A rebuild's count lives for its window only.
    const ttl = await raw.ttl(feedVersionKey(reader));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(REBUILD_WINDOW_SECONDS);
  });
});
