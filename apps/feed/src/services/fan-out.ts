import type { DomainEvent, EventOf } from '@traced-social/events';
import { addMetadata, annotate, tracedOperation } from '@traced-social/observability';
import {
  BACKFILL_POSTS,
  entryFromPostCreated,
  FEED_CACHE_CAP,
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
import { fanOutLimits } from '../domain/fan-out-limits';
import { replacePendingDelivery } from '../store/fan-out-checkpoints';
import { hasFollowersAtLeast } from '../store/followers';
import { isPullAuthor, markPullAuthor } from '../store/pull-authors';
import { bestEffort } from './best-effort';
import { runFanOutStep } from './fan-out-steps';

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

/**
 * A new post: authors at or above the pull threshold are not fanned out (their followers pull
 * the post when they read, decision 1420): the post goes to the author's own feed only. Others get
 * a first bounded step here; a checkpoint carries the rest to the resumer.
 */
async function fanOutPost(event: EventOf<'POST_CREATED'>): Promise<void> {
  const entry = entryFromPostCreated(event);
  annotate('postId', entry.postId);
  const limits = fanOutLimits();
  const pulled = await classifyAuthor(entry.authorId, limits.pullThreshold);
  if (!(await recordPost(entry, pulled))) {
    // Deleted already (a late or replayed POST_CREATED): the tombstone refuses it.
    addMetadata('refused', { postId: entry.postId, reason: 'deleted' });
    return;
  }
  if (pulled) {
    addMetadata('fanOut', { postId: entry.postId, mode: 'pull' });
    await writeFeedEntries([entry.authorId], entry);
    await bestEffort(() => addToCachedFeeds([entry.authorId], entry), { postId: entry.postId });
    return;
  }
  await runFanOutStep({ operation: 'deliver', entry }, limits, { resumed: false });
}

/**
 * A deleted post leaves every feed it reached. When its delivery is still unfinished, the
 * delivery's checkpoint becomes a withdrawal from the first page (the resumer runs it, after the
 * delivery's last step); otherwise the withdrawal runs here in bounded steps like a delivery.
 * The tombstone is written in every case (decision 1401).
 */
async function withdrawPost(event: EventOf<'POST_DELETED'>): Promise<void> {
  const { postId, authorId, deletedAt } = event.payload;
  annotate('postId', postId);
  const post = await findPost(postId);
  if (post?.deletedAt) return; // already withdrawn (a replay)
  if (post?.createdAt) {
    const entry: FeedEntry = {
      postId,
      authorId: post.authorId,
      createdAt: post.createdAt,
      text: '',
    };
    if (post.pulled) {
      // Only the author's own feed holds it; followers stop seeing it once ForgetPost drops it.
      await deleteFeedEntries([post.authorId], feedPosition(entry));
      await bestEffort(() => removeFromCachedFeeds([post.authorId], entry), { postId });
    } else if (!(await replacePendingDelivery(entry))) {
      await runFanOutStep({ operation: 'withdraw', entry }, fanOutLimits(), { resumed: false });
    }
  }
  // Also when the feed never saw the post: its POST_CREATED may still come (decision 1401).
  await forgetPost(post ?? { postId, authorId }, deletedAt);
}

async function backfillFollower(event: EventOf<'USER_FOLLOWED'>): Promise<void> {
  const { followerId, followeeId } = event.payload;
  annotate('followerId', followerId);
  annotate('followeeId', followeeId);
  // A pull author's posts are merged at read time: copies would outlive their deletion.
  if (await isPullAuthor(followeeId)) return;
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
 * Whether `authorId`'s posts are pulled at read time, as "ClassifyAuthor": marked already, or
 * found now with at least `threshold` followers (then marked, for good: decision 1420).
 */
async function classifyAuthor(authorId: string, threshold: number): Promise<boolean> {
  return tracedOperation('ClassifyAuthor', async () => {
    if (threshold === Number.POSITIVE_INFINITY) return false; // push only
    if (await isPullAuthor(authorId)) return true;
    if (!(await hasFollowersAtLeast(authorId, threshold))) return false;
    await markPullAuthor(authorId);
    return true;
  });
}
