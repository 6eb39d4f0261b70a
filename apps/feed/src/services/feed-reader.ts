import { addMetadata, logger } from '@traced-social/observability';
import { cutPage, FEED_CACHE_CAP, mergePages, type FeedPage } from '../domain/feed';
import { readCachedFeed, writeCachedFeed, type CacheRead } from '../store/feed-cache';
import { loadFeed } from '../store/feed-store';
import { loadPulledPages } from '../store/pulled-posts';

export type FeedSource = 'cache' | 'dynamodb';

/**
 * A page of a user's feed: the pushed entries (below) merged with the posts of the pull authors
 * the user follows, read at the same position (decision 1420). Cursors stay positions, so a page
 * continues every source where the previous one stopped.
 */
export async function readFeedPage(
  userId: string,
  limit: number,
  after: string | undefined,
): Promise<FeedPage & { source: FeedSource }> {
  // One after the other: the trace reads in a fixed order, and the pulled part is small.
  const pushed = await readPushedPage(userId, limit, after);
  const pulled = await loadPulledPages(userId, limit, after);
  if (!pulled.length) return pushed;
  addMetadata('pulled', { authors: pulled.length });
  return { ...mergePages([pushed, ...pulled], limit), source: pushed.source };
}

/**
 * A page of a user's pushed feed: from the Redis cache when it has it; on a miss, the newest entries are
 * read from DynamoDB, written back to the cache and served. When Redis fails or is slow (the
 * client's bounded timeout), the page comes from DynamoDB and the user notices nothing; the
 * "Redis Cache Read" subsegment carries the error.
 */
async function readPushedPage(
  userId: string,
  limit: number,
  after: string | undefined,
): Promise<FeedPage & { source: FeedSource }> {
  let cached: CacheRead;
  try {
    cached = await readCachedFeed(userId);
  } catch (error) {
    noteCacheFailure('read', error);
    return fromDynamoDb(userId, limit, after);
  }
  if (cached.hit) {
    const { entries, complete } = cached.feed;
    const page = cutPage(entries, limit, after, complete);
    // Past the newest FEED_CACHE_CAP entries the cache has nothing: DynamoDB has the rest.
    return page ? { ...page, source: 'cache' } : fromDynamoDb(userId, limit, after);
  }

  // Read after the miss, so a change the rebuild misses is one the cache has counted since.
  const newest = await loadFeed(userId, FEED_CACHE_CAP);
  try {
    await writeCachedFeed(userId, newest.entries, cached);
  } catch (error) {
    noteCacheFailure('write', error);
  }
  const page = cutPage(newest.entries, limit, after, newest.next === undefined);
  return page ? { ...page, source: 'dynamodb' } : fromDynamoDb(userId, limit, after);
}

async function fromDynamoDb(
  userId: string,
  limit: number,
  after: string | undefined,
): Promise<FeedPage & { source: FeedSource }> {
  const page = await loadFeed(userId, limit, after);
  return { entries: page.entries, ...(page.next ? { next: page.next } : {}), source: 'dynamodb' };
}

function noteCacheFailure(operation: 'read' | 'write', error: unknown): void {
  const reason = error instanceof Error ? error.message : 'unknown';
  addMetadata('cacheError', { operation, reason });
  logger.warn('Feed cache unavailable: served from DynamoDB', { operation, reason });
}
