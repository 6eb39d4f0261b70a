import { addMetadata, logger } from '@traced-social/observability';
import { cutPage, FEED_CACHE_CAP, type FeedPage } from '../domain/feed';
import { readCachedFeed, writeCachedFeed, type CachedFeed } from '../store/feed-cache';
import { loadFeed } from '../store/feed-store';

export type FeedSource = 'cache' | 'dynamodb';

/**
 * A page of a user's feed: from the Redis cache when it has it; on a miss, the newest entries are
 * read from DynamoDB, written back to the cache and served. When Redis fails or is slow (the
 * client's bounded timeout), the page comes from DynamoDB and the user notices nothing; the
 * "Redis Cache Read" subsegment carries the error.
 */
export async function readFeedPage(
  userId: string,
  limit: number,
  after: string | undefined,
): Promise<FeedPage & { source: FeedSource }> {
  let cached: CachedFeed | undefined;
  let cacheAvailable = true;
  try {
    cached = await readCachedFeed(userId);
  } catch (error) {
    cacheAvailable = false;
    noteCacheFailure('read', error);
  }
  if (cached) {
    const page = cutPage(cached.entries, limit, after, cached.complete);
    // Past the newest FEED_CACHE_CAP entries the cache has nothing: DynamoDB has the rest.
    return page ? { ...page, source: 'cache' } : fromDynamoDb(userId, limit, after);
  }
  if (!cacheAvailable) return fromDynamoDb(userId, limit, after);

  const newest = await loadFeed(userId, FEED_CACHE_CAP);
  try {
    await writeCachedFeed(userId, newest.entries);
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
