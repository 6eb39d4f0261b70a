import { tracedOperation } from '@traced-social/observability';
import type { FeedPage } from '../domain/feed';
import { loadAuthorPage } from './feed-store';
import { followedAmong } from './followers';
import { listPullAuthors } from './pull-authors';

/** How long a process reuses the list of pull authors (it changes when an author crosses). */
const PULL_LIST_TTL_MS = 60_000;
let pullList: { authors: string[]; readAt: number } | undefined;

/**
 * The posts of the pull authors `userId` follows, one page per author after `after`, as
 * "LoadPulledPosts" (decision 1420): the pull authors (one query, reused for a minute), the
 * reader's edges to them (BatchGetItem), then each followed author's newest `limit` posts.
 */
export async function loadPulledPages(
  userId: string,
  limit: number,
  after: string | undefined,
): Promise<FeedPage[]> {
  return tracedOperation('LoadPulledPosts', async () => {
    const candidates = (await pullAuthors()).filter((authorId) => authorId !== userId);
    const followed = candidates.length ? await followedAmong(userId, candidates) : [];
    return Promise.all(followed.map((authorId) => loadAuthorPage(authorId, limit, after)));
  });
}

async function pullAuthors(): Promise<string[]> {
  if (!pullList || Date.now() - pullList.readAt > PULL_LIST_TTL_MS) {
    pullList = { authors: await listPullAuthors(), readAt: Date.now() };
  }
  return pullList.authors;
}
