import type { EventOf } from '@traced-social/events';

/**
 * The rules of a user's feed, free of AWS: what an entry holds, how entries are ordered, how
 * many the cache keeps, and how a page is cut.
 */

/** Newest entries kept in a user's cached feed; older pages are read from DynamoDB. */
export const FEED_CACHE_CAP = 500;
/** Posts of a newly followed user copied into the follower's feed. */
export const BACKFILL_POSTS = 20;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

export interface FeedEntry {
  postId: string;
  authorId: string;
  text: string;
  imageKey?: string;
  createdAt: string;
}

/**
 * The order of a feed: newest first, ties broken by post id. As a string it sorts like the
 * entries (ISO time first), so it is both the DynamoDB sort key and the page cursor.
 */
export function feedPosition(entry: Pick<FeedEntry, 'createdAt' | 'postId'>): string {
  return `${entry.createdAt}#${entry.postId}`;
}

/** The cache score of an entry: its time in milliseconds (ties resolved by `feedPosition`). */
export function feedScore(entry: Pick<FeedEntry, 'createdAt'>): number {
  return Date.parse(entry.createdAt);
}

export function entryFromPostCreated(event: EventOf<'POST_CREATED'>): FeedEntry {
  const { postId, authorId, text, imageKey, createdAt } = event.payload;
  return { postId, authorId, text, createdAt, ...(imageKey ? { imageKey } : {}) };
}

/** Who sees a new post: the author's followers and the author (one list, no duplicates). */
export function feedOwners(authorId: string, followerIds: string[]): string[] {
  return [...new Set([authorId, ...followerIds])];
}

export interface FeedPage {
  entries: FeedEntry[];
  /** Where the next page starts (exclusive), when there may be one. */
  next?: string;
}

/**
 * One page from entries sorted newest first: those strictly after `after` (a `feedPosition`),
 * at most `limit`. `complete` says `sorted` holds the whole feed past `after`: when it does not
 * (a capped cache), a short page is not the end of the feed.
 */
export function cutPage(
  sorted: FeedEntry[],
  limit: number,
  after: string | undefined,
  complete: boolean,
): FeedPage | undefined {
  const rest = after ? sorted.filter((e) => feedPosition(e) < after) : sorted;
  if (rest.length < limit && !complete) return undefined;
  const entries = rest.slice(0, limit);
  const more = rest.length > limit || (!complete && entries.length === limit);
  return { entries, ...(more ? { next: feedPosition(entries[entries.length - 1]) } : {}) };
}

/** Newest first by `feedPosition`. */
export function sortNewestFirst(entries: FeedEntry[]): FeedEntry[] {
  return [...entries].sort((a, b) => (feedPosition(a) < feedPosition(b) ? 1 : -1));
}

/**
 * One page from several pages cut at the same position (the pushed feed and each pulled author's
 * posts, decision 1420): the newest `limit` entries of all of them, a post seen in two sources once
 * (an author's posts pushed before they became a pull author). There is a next page while any
 * source has more, or entries were left over: every source is read strictly after the same
 * position, so the next page continues each of them without a gap.
 */
export function mergePages(pages: FeedPage[], limit: number): FeedPage {
  const unique = new Map<string, FeedEntry>();
  for (const entry of pages.flatMap((page) => page.entries)) unique.set(entry.postId, entry);
  const merged = sortNewestFirst([...unique.values()]);
  const entries = merged.slice(0, limit);
  const more = merged.length > limit || pages.some((page) => page.next !== undefined);
  return {
    entries,
    ...(more && entries.length ? { next: feedPosition(entries[entries.length - 1]) } : {}),
  };
}
