import * as z from 'zod/mini';
import { countDelta, displayedCount, likeEventId, type LikeChange } from './likes';

describe('like rules', () => {
  const change = (kind: LikeChange['kind']): LikeChange => ({
    kind,
    postId: 'p',
    userId: 'u',
    authorId: 'a',
    likedAt: '2026-11-26T10:00:00.000Z',
  });

  it('moves the count by one each way', () => {
    expect(countDelta(change('liked'))).toBe(1);
    expect(countDelta(change('unliked'))).toBe(-1);
  });

  it('derives one valid event id per stream record, the same on every replay', () => {
    const id = likeEventId('c81e728d9d4c2f636f067f89cc14862c');
    expect(z.safeParse(z.uuid(), id).success).toBe(true);
    expect(likeEventId('c81e728d9d4c2f636f067f89cc14862c')).toBe(id);
    expect(likeEventId('eccbc87e4b5ce2fe28308fd9f2a7baf3')).not.toBe(id);
  });

  it('never shows a negative count', () => {
    expect(displayedCount(undefined)).toBe(0);
    expect(displayedCount(-1)).toBe(0);
    expect(displayedCount(3)).toBe(3);
  });
});
