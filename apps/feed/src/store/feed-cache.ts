import { redisClient, type RedisClient } from '@traced-social/aws-clients';
import { addMetadata, traceCacheOperation, tracedOperation } from '@traced-social/observability';
import { FEED_CACHE_CAP, feedScore, type FeedEntry } from '../domain/feed';

/**
 * The Redis cache of feeds: one sorted set per user, `feed:<userId>`, members the entries as JSON
 * scored by time, capped to the newest FEED_CACHE_CAP. A set exists only once it was built
 * complete from DynamoDB (a marker member keeps an empty feed cached), so fan-out updates only
 * sets that exist: it never makes a partial feed look complete. Sets expire after FEED_CACHE_TTL
 * seconds, which bounds how long a cache update lost while Redis was down can show.
 *
 * Every function throws when Redis fails or answers late (the client's bounded timeout): callers
 * decide (a read falls back to DynamoDB).
 */
export const FEED_CACHE_TTL_SECONDS = 15 * 60;
const BUILT_MARKER = '.';

export const feedCacheKey = (userId: string) => `feed:${userId}`;

export interface CachedFeed {
  /** Newest first. */
  entries: FeedEntry[];
  /** False when the cap cut older entries off. */
  complete: boolean;
}

/** The cached feed, or undefined on a miss; as "Redis Cache Read" with the cacheHit annotation. */
export async function readCachedFeed(userId: string): Promise<CachedFeed | undefined> {
  return tracedOperation('Redis Cache Read', async () => {
    const key = feedCacheKey(userId);
    let members: string[];
    try {
      members = await redisClient().zrevrange(key, 0, -1);
    } catch (error) {
      traceCacheOperation('get', key, false);
      throw error;
    }
    const hit = members.length > 0;
    traceCacheOperation('get', key, hit);
    if (!hit) return undefined;
    const entries = members.filter((m) => m !== BUILT_MARKER).map(decodeEntry);
    return { entries, complete: entries.length < FEED_CACHE_CAP };
  });
}

/** Replaces a user's cached feed with `entries` (newest FEED_CACHE_CAP), as "Redis Cache Write". */
export async function writeCachedFeed(userId: string, entries: FeedEntry[]): Promise<void> {
  await tracedOperation('Redis Cache Write', async () => {
    const key = feedCacheKey(userId);
    traceCacheOperation('set', key);
    const kept = entries.slice(0, FEED_CACHE_CAP);
    const scored = kept.flatMap((e) => [feedScore(e), encodeEntry(e)]);
    await redisClient()
      .multi()
      .del(key)
      .zadd(key, 0, BUILT_MARKER, ...scored)
      .expire(key, FEED_CACHE_TTL_SECONDS)
      .exec()
      .then(failOnCommandError);
  });
}

// Adds to a set that exists (a built feed), then trims it to the cap (the marker scores 0: it
// stays unless the cap is exceeded, when the set is incomplete anyway).
const ADD_IF_BUILT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 2))
  return 1
end
return 0`;

// Removes the members of one score that hold the post id.
const REMOVE_POST = `
local removed = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
  if string.find(member, ARGV[2], 1, true) then
    removed = removed + redis.call('ZREM', KEYS[1], member)
  end
end
return removed`;

/** The scripts as commands of the client (EVALSHA; the script itself is sent once). */
interface FeedCacheCommands {
  feedAddIfBuilt(key: string, score: number, member: string, cap: number): FeedCachePipeline;
  feedRemovePost(key: string, score: number, needle: string): FeedCachePipeline;
}
type FeedCachePipeline = ReturnType<RedisClient['pipeline']> & FeedCacheCommands;

const withCommands = new WeakSet<RedisClient>();

/**
 * A pipeline of the container's Redis client with the feed scripts registered on it once
 * (`defineCommand`): ioredis then calls them by SHA (EVALSHA), loading a script only when Redis
 * does not know it, instead of sending its whole text for every follower.
 */
function feedCachePipeline(): FeedCachePipeline {
  const client = redisClient();
  if (!withCommands.has(client)) {
    client.defineCommand('feedAddIfBuilt', { numberOfKeys: 1, lua: ADD_IF_BUILT });
    client.defineCommand('feedRemovePost', { numberOfKeys: 1, lua: REMOVE_POST });
    withCommands.add(client);
  }
  return client.pipeline() as FeedCachePipeline;
}

/**
 * Adds a new post to the cached feeds of `ownerIds` that are built, in one round trip, as
 * "Redis Cache Update". Returns how many cached feeds took it.
 */
export async function addToCachedFeeds(ownerIds: string[], entry: FeedEntry): Promise<number> {
  return tracedOperation('Redis Cache Update', async () => {
    traceCacheOperation('zadd', feedCacheKey('<followers>'));
    const pipeline = feedCachePipeline();
    const member = encodeEntry(entry);
    for (const owner of ownerIds) {
      pipeline.feedAddIfBuilt(feedCacheKey(owner), feedScore(entry), member, FEED_CACHE_CAP);
    }
    const updated = sumOf(await pipeline.exec());
    addMetadata('cacheUpdate', { operation: 'add', feeds: ownerIds.length, updated });
    return updated;
  });
}

/** Removes a post from the cached feeds of `ownerIds`, as "Redis Cache Update". */
export async function removeFromCachedFeeds(
  ownerIds: string[],
  post: Pick<FeedEntry, 'postId' | 'createdAt'>,
): Promise<number> {
  return tracedOperation('Redis Cache Update', async () => {
    traceCacheOperation('zrem', feedCacheKey('<followers>'));
    const pipeline = feedCachePipeline();
    const needle = `"postId":${JSON.stringify(post.postId)}`;
    for (const owner of ownerIds) {
      pipeline.feedRemovePost(feedCacheKey(owner), feedScore(post), needle);
    }
    const removed = sumOf(await pipeline.exec());
    addMetadata('cacheUpdate', { operation: 'remove', feeds: ownerIds.length, removed });
    return removed;
  });
}

/** Drops a user's cached feed (rebuilt on the next read), as "Redis Cache Invalidate". */
export async function invalidateCachedFeed(userId: string): Promise<void> {
  await tracedOperation('Redis Cache Invalidate', async () => {
    const key = feedCacheKey(userId);
    traceCacheOperation('del', key);
    await redisClient().del(key);
  });
}

/** Fixed field order, so the same entry always makes the same member. */
function encodeEntry(entry: FeedEntry): string {
  return JSON.stringify({
    postId: entry.postId,
    authorId: entry.authorId,
    text: entry.text,
    ...(entry.imageKey ? { imageKey: entry.imageKey } : {}),
    createdAt: entry.createdAt,
  });
}

function decodeEntry(member: string): FeedEntry {
  return JSON.parse(member) as FeedEntry;
}

type ExecResult = Array<[Error | null, unknown]> | null;

function failOnCommandError(results: ExecResult): NonNullable<ExecResult> {
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
  if (!results) throw new Error('Redis transaction aborted');
  return results;
}

function sumOf(results: ExecResult): number {
  return failOnCommandError(results).reduce((n, [, value]) => n + Number(value ?? 0), 0);
}
