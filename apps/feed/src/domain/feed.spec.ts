import { createEvent } from '@traced-social/events';
import {
  cutPage,
  entryFromPostCreated,
  feedOwners,
  feedPosition,
  mergePages,
  sortNewestFirst,
  type FeedEntry,
} from './feed';

const entry = (n: number, postId = `p${n}`): FeedEntry => ({
  postId,
  authorId: 'author',
  text: `post ${n}`,
  createdAt: new Date(Date.UTC(2026, 10, 26, 10, 0, n)).toISOString(),
});

describe('feed rules', () => {
  const newestFirst = sortNewestFirst([1, 2, 3, 4, 5].map((n) => entry(n)));

  it('orders newest first, ties broken by post id', () => {
    const tie = sortNewestFirst([entry(1, 'a'), entry(1, 'b'), entry(2, 'c')]);
    expect(tie.map((e) => e.postId)).toEqual(['c', 'b', 'a']);
    expect(feedPosition(entry(1, 'a'))).toBe('2026-11-26T10:00:01.000Z#a');
  });

  it('cuts pages after a position, with a next position while more remain', () => {
    const first = cutPage(newestFirst, 2, undefined, true);
    expect(first?.entries.map((e) => e.postId)).toEqual(['p5', 'p4']);
    const second = cutPage(newestFirst, 2, first?.next, true);
    expect(second?.entries.map((e) => e.postId)).toEqual(['p3', 'p2']);
    const last = cutPage(newestFirst, 2, second?.next, true);
    expect(last).toEqual({ entries: [newestFirst[4]] });
  });

  it('ends a complete feed exactly at its last entry', () => {
    expect(cutPage(newestFirst, 5, undefined, true)).toEqual({ entries: newestFirst });
  });

  it('does not take a short page of an incomplete (capped) list for the end of the feed', () => {
    expect(cutPage(newestFirst, 10, undefined, false)).toBeUndefined();
    const full = cutPage(newestFirst, 5, undefined, false);
    expect(full?.entries).toHaveLength(5);
    expect(full?.next).toBe(feedPosition(newestFirst[4]));
  });

  it('makes an entry from POST_CREATED and lists the author once among the owners', () => {
    const event = createEvent('POST_CREATED', {
      postId: 'p9',
      authorId: 'u1',
      createdAt: '2026-11-26T10:00:00.000Z',
      text: 'hi',
    });
    expect(entryFromPostCreated(event)).toEqual({
      postId: 'p9',
      authorId: 'u1',
      text: 'hi',
      createdAt: '2026-11-26T10:00:00.000Z',
    });
    expect(feedOwners('u1', ['u2', 'u1', 'u3'])).toEqual(['u1', 'u2', 'u3']);
  });

  it('merges pushed and pulled pages newest first, once per post, with a next position while any source has more', () => {
    const pushed = { entries: [entry(9), entry(6), entry(3)] };
    const pulled = { entries: [entry(8), entry(6), entry(5)], next: feedPosition(entry(5)) };
    const page = mergePages([pushed, pulled], 4);
    expect(page.entries.map((e) => e.postId)).toEqual(['p9', 'p8', 'p6', 'p5']);
    expect(page.next).toBe(feedPosition(entry(5)));
    // Sources exhausted and nothing left over: the last page.
    expect(mergePages([pushed, { entries: [entry(8)] }], 5)).toEqual({
      entries: [entry(9), entry(8), entry(6), entry(3)],
    });
    // Left over entries alone make a next page.
    expect(mergePages([pushed, { entries: [entry(8)] }], 2).next).toBe(feedPosition(entry(8)));
  });
});
