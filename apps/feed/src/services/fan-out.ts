import type { DomainEvent, EventOf } from '@traced-social/events';
import { addMetadata, annotate, logger } from '@traced-social/observability';
import {
  BACKFILL_POSTS,
  entryFromPostCreated,
  FEED_CACHE_CAP,
  feedOwners,
  feedPosition,
  type FeedEntry,
} from '../domain/feed';
import { addToCachedFeeds, invalidateCachedFeed, removeFromCachedFeeds } from '../store/feed-cache';
import {
  copyIntoFeed,
  deleteFeedEntries,
  findAuthorEntries,
  findPost,
  forgetPost,
  loadAuthorPosts,
  recordPost,
  removeFromFeed,
  writeFeedEntries,
} from '../store/feed-store';
import { followerPages } from '../store/followers';

/**
 * What the feed does with each domain event. DynamoDB is written first (a failure there fails the
 * record, which the event source retries: every write is idempotent); the Redis update follows,
 * and its failure is recorded on the trace but does not fail the record (the cache expires, and
 * DynamoDB already holds the truth).
 */
/** The events the feed acts on (others, likes, are skipped before any trace segment opens). */
export const isFeedEvent = (event: DomainEvent): boolean =>
  event.type === 'POST_CREATED' ||
  event.type === 'POST_DELETED' ||
  event.type === 'USER_FOLLOWED' ||
  event.type === 'USER_UNFOLLOWED';

export async function applyEvent(event: DomainEvent): Promise<void> {
  switch (event.type) {
    case 'POST_CREATED':
      return fanOutPost(event);
    case 'POST_DELETED':
      return withdrawPost(event);
    case 'USER_FOLLOWED':
      return backfillFollower(event);
    case 'USER_UNFOLLOWED':
      return withdrawFollowee(event);
    default:
      return; // not a feed concern (likes): `isFeedEvent` keeps these out
  }
}

async function fanOutPost(event: EventOf<'POST_CREATED'>): Promise<void> {
  const entry = entryFromPostCreated(event);
  annotate('postId', entry.postId);
  if (!(await recordPost(entry))) {
    // Deleted already (a late or replayed POST_CREATED): the tombstone refuses it.
    addMetadata('refused', { postId: entry.postId, reason: 'deleted' });
    return;
  }
  for await (const owners of feedOwnerPages(entry.authorId)) {
    await writeFeedEntries(owners, entry);
    await bestEffort(() => addToCachedFeeds(owners, entry), { postId: entry.postId });
  }
}

async function withdrawPost(event: EventOf<'POST_DELETED'>): Promise<void> {
  const { postId, authorId, deletedAt } = event.payload;
  annotate('postId', postId);
  const post = await findPost(postId);
  if (post?.deletedAt) return; // already withdrawn (a replay)
  if (post?.createdAt) {
    const shown = { postId, createdAt: post.createdAt };
    for await (const owners of feedOwnerPages(post.authorId)) {
      await deleteFeedEntries(owners, feedPosition(shown));
      await bestEffort(() => removeFromCachedFeeds(owners, shown), { postId });
    }
  }
  // Also when the feed never saw the post: its POST_CREATED may still come (decision 1401).
  await forgetPost(post ?? { postId, authorId }, deletedAt);
}

async function backfillFollower(event: EventOf<'USER_FOLLOWED'>): Promise<void> {
  const { followerId, followeeId } = event.payload;
  annotate('followerId', followerId);
  annotate('followeeId', followeeId);
  const posts: FeedEntry[] = await loadAuthorPosts(followeeId, BACKFILL_POSTS);
  await copyIntoFeed(followerId, posts);
  // Rebuilt complete from DynamoDB on the next read.
  if (posts.length) await bestEffort(() => invalidateCachedFeed(followerId), { followerId });
}

async function withdrawFollowee(event: EventOf<'USER_UNFOLLOWED'>): Promise<void> {
  const { followerId, followeeId } = event.payload;
  annotate('followerId', followerId);
  annotate('followeeId', followeeId);
  const positions = await findAuthorEntries(followerId, followeeId, FEED_CACHE_CAP);
  if (!positions.length) return;
  await removeFromFeed(followerId, positions);
  await bestEffort(() => invalidateCachedFeed(followerId), { followerId });
}

/**
 * The feeds a post of `authorId` goes to, a page of followers at a time: the author's own feed
 * rides with the first page (an author without followers still gets that one page).
 */
async function* feedOwnerPages(authorId: string): AsyncGenerator<string[]> {
  let first = true;
  for await (const followers of followerPages(authorId)) {
    yield first ? feedOwners(authorId, followers) : followers;
    first = false;
  }
  if (first) yield [authorId];
}

async function bestEffort(
  update: () => Promise<unknown>,
  context: Record<string, string>,
): Promise<void> {
  try {
    await update();
  } catch (error) {
    // The cache subsegment holds the error; the record itself succeeded.
    const reason = error instanceof Error ? error.message : 'unknown';
    addMetadata('cacheError', { ...context, reason });
    logger.warn('Feed cache update failed; the cache catches up when it expires', {
      ...context,
      reason,
    });
  }
}
