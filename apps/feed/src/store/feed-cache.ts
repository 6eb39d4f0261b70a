import { redisClient, type RedisClient } from '@traced-social/aws-clients';
import { addMetadata, traceCacheOperation, tracedOperation } from '@traced-social/observability';
import { FEED_CACHE_CAP, feedScore, type FeedEntry } from '../domain/feed';

/**
 * The Redis cache of feeds: one sorted set per user, `feed:<userId>`, members the entries as JSON
 * scored by time, capped to the newest FEED_CACHE_CAP. A set exists only once it was built
 * complete from DynamoDB (a marker member keeps an empty feed cached), so fan-out updates only
 * sets that exist: it never makes a partial feed look complete. Sets expire after FEED_CACHE_TTL
 * seconds, which bounds how long a cache update lost while Redis was down can show.
 * A miss opens a rebuild: it counts itself in `feedv:<userId>` (kept REBUILD_WINDOW seconds). A
 * change that finds no set (a fan-out, a removal, an invalidation) counts itself there too, only
 * while such a rebuild may be in flight (no key is made for the feeds nobody reads), and a rebuild
 * is written back only if the count is still its own: a feed read from DynamoDB before a
 * concurrent change is never cached as complete (decision 1961).
 * Both keys of a user are used together by one script: the cache is a non-cluster replication
 * group (infra/src/shared/network.ts).
 *
 * Every function throws when Redis fails or answers late (the client's bounded timeout): callers
 * decide (a read falls back to DynamoDB).
 */
export const FEED_CACHE_TTL_SECONDS = 15 * 60;
const BUILT_MARKER = '.';

export const feedCacheKey = (userId: string) => `feed:${userId}`;
/** Rebuilds of a user's feed and changes made to it meanwhile (a counter). */
export const feedVersionKey = (userId: string) => `feedv:${userId}`;
/** How long a rebuild may take to be written back (far above a read's; a slower one is dropped). */
export const REBUILD_WINDOW_SECONDS = 60;

export interface CachedFeed {
  /** Newest first. */
  entries: FeedEntry[];
  /** False when the cap cut older entries off. */
  complete: boolean;
}

/** A miss: what a rebuild must hand back to `writeCachedFeed`. */
export interface CacheMiss {
  /** The rebuild's count (`feedv:<userId>` as the miss left it). */
  version: string;
}

export type CacheRead = { hit: true; feed: CachedFeed } | ({ hit: false } & CacheMiss);

/** The cached feed, or a miss; as "Redis Cache Read" with the cacheHit annotation. */
export async function readCachedFeed(userId: string): Promise<CacheRead> {
  return tracedOperation('Redis Cache Read', async () => {
    const key = feedCacheKey(userId);
    let answer: [number, string[] | number];
    try {
      answer = await withScript('feedRead', READ).feedRead(
        key,
        feedVersionKey(userId),
        REBUILD_WINDOW_SECONDS,
      );
    } catch (error) {
      traceCacheOperation('get', key, false);
      throw error;
    }
    const [hit, value] = answer;
    traceCacheOperation('get', key, hit === 1);
    if (hit !== 1) return { hit: false, version: String(value) };
    const entries = (value as string[]).filter((m) => m !== BUILT_MARKER).map(decodeEntry);
    return { hit: true, feed: { entries, complete: entries.length < FEED_CACHE_CAP } };
  });
}

/**
 * Replaces a user's cached feed with `entries` (newest FEED_CACHE_CAP), as "Redis Cache Write",
 * unless the feed changed since `miss` (then nothing is written: the next read rebuilds). Returns
 * whether it was written.
 */
export async function writeCachedFeed(
  userId: string,
  entries: FeedEntry[],
  miss: CacheMiss,
): Promise<boolean> {
  return tracedOperation('Redis Cache Write', async () => {
    const key = feedCacheKey(userId);
    traceCacheOperation('set', key);
    const kept = entries.slice(0, FEED_CACHE_CAP);
    const scored = kept.flatMap((e) => [String(feedScore(e)), encodeEntry(e)]);
    const written =
      (await withScript('feedWriteIfUnchanged', WRITE_IF_UNCHANGED).feedWriteIfUnchanged(
        key,
        feedVersionKey(userId),
        miss.version,
        FEED_CACHE_TTL_SECONDS,
        '0',
        BUILT_MARKER,
        ...scored,
      )) === 1;
    if (!written) addMetadata('cacheWrite', { skipped: 'changed during the rebuild' });
    return written;
  });
}

// The cached set's members newest first; on a miss, the count of the rebuild it opens.
const READ = `local m = redis.call('ZREVRANGE', KEYS[1], 0, -1)
if #m > 0 then return {1, m} end
local n = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return {0, n}`;

// Replaces the set (ARGV[3..]: score, member pairs) if the count is still the rebuild's, ARGV[1].
const WRITE_IF_UNCHANGED = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZADD', KEYS[1], unpack(ARGV, 3))
redis.call('EXPIRE', KEYS[1], ARGV[2])
return 1`;

// A change counts itself in KEYS[2] only while a rebuild may be in flight (the key exists).
// Drops the set and counts the change: a rebuild in flight is not written back.
const INVALIDATE = `
redis.call('DEL', KEYS[1])
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCR', KEYS[2]) end
return 1`;

// Adds to a set that exists (a built feed), then trims it to the cap (the marker scores 0: it
// stays unless the cap is exceeded, when the set is incomplete anyway); else counts the change.
const ADD_IF_BUILT = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('ZADD', KEYS[1], ARGV[1], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -(tonumber(ARGV[3]) + 2))
  return 1
end
if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCR', KEYS[2]) end
return 0`;

// Removes the members of one score that hold the post id; counts the change when no set exists.
const REMOVE_POST = `
if redis.call('EXISTS', KEYS[1]) == 0 then
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('INCR', KEYS[2]) end
  return 0
end
local removed = 0
for _, member in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[1], ARGV[1])) do
  if string.find(member, ARGV[2], 1, true) then
    removed = removed + redis.call('ZREM', KEYS[1], member)
  end
end
return removed`;

/**
 * The scripts as commands of the client (EVALSHA; the script itself is sent once). Every one
 * takes the set's key and the user's rebuild counter's key.
 */
interface FeedCacheCommands {
  feedRead(key: string, versionKey: string, window: number): Promise<[number, string[] | number]>;
  feedWriteIfUnchanged(
    key: string,
    versionKey: string,
    version: string,
    ttl: number,
    ...scored: string[]
  ): Promise<number>;
  feedInvalidate(key: string, versionKey: string): Promise<number>;
}
interface FeedCachePipelineCommands {
  feedAddIfBuilt(
    key: string,
    versionKey: string,
    score: number,
    member: string,
    cap: number,
  ): FeedCachePipeline;
  feedRemovePost(key: string, versionKey: string, score: number, needle: string): FeedCachePipeline;
}
type FeedCachePipeline = ReturnType<RedisClient['pipeline']> & FeedCachePipelineCommands;

/**
 * The container's Redis client with the script `name` registered on it once (`defineCommand`
 * adds it as a method): ioredis then calls it by SHA (EVALSHA), loading it only when Redis does
 * not know it, instead of sending its whole text for every follower. One script at a time, so a
 * bundle holds only the scripts its handler runs.
 */
function withScript(name: keyof FeedCacheCommands | keyof FeedCachePipelineCommands, lua: string) {
  const client = redisClient() as RedisClient & FeedCacheCommands;
  if (!(name in client)) client.defineCommand(name, { numberOfKeys: 2, lua });
  return client;
}

/**
 * Adds a new post to the cached feeds of `ownerIds` that are built, in one round trip, as
 * "Redis Cache Update". Returns how many cached feeds took it.
 */
export async function addToCachedFeeds(ownerIds: string[], entry: FeedEntry): Promise<number> {
  return tracedOperation('Redis Cache Update', async () => {
    traceCacheOperation('zadd', feedCacheKey('<followers>'));
    const pipeline = withScript('feedAddIfBuilt', ADD_IF_BUILT).pipeline() as FeedCachePipeline;
    const member = encodeEntry(entry);
    for (const owner of ownerIds) {
      pipeline.feedAddIfBuilt(
        feedCacheKey(owner),
        feedVersionKey(owner),
        feedScore(entry),
        member,
        FEED_CACHE_CAP,
      );
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
    const pipeline = withScript('feedRemovePost', REMOVE_POST).pipeline() as FeedCachePipeline;
    const needle = `"postId":${JSON.stringify(post.postId)}`;
    for (const owner of ownerIds) {
      pipeline.feedRemovePost(feedCacheKey(owner), feedVersionKey(owner), feedScore(post), needle);
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
    await withScript('feedInvalidate', INVALIDATE).feedInvalidate(key, feedVersionKey(userId));
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
