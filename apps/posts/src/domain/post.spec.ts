import { createPostBodySchema, newPost } from './post';

describe('post rules', () => {
  const author = { userId: 'u-1', username: 'ada' };

  it('makes a post with an id, the time and no image unless one is announced', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const post = newPost(author, { text: 'hello' }, now);
    expect(post).toEqual({
      postId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      authorId: 'u-1',
      authorUsername: 'ada',
      text: 'hello',
      createdAt: '2026-11-26T12:00:00.000Z',
    });
  });

  it("names an announced image's object after its author, post and type", () => {
    const post = newPost(author, { text: 'pic', imageContentType: 'image/jpeg', imageSize: 10 });
    expect(post.imageKey).toBe(`posts/u-1/${post.postId}/image.jpg`);
    expect(post.imageContentType).toBe('image/jpeg');
  });

  it('counts characters, not UTF-16 units: 2000 emoji are fine, 2001 are not', () => {
    expect(createPostBodySchema.safeParse({ text: '😀'.repeat(2000) }).success).toBe(true);
    expect(createPostBodySchema.safeParse({ text: '😀'.repeat(2001) }).success).toBe(false);
  });

  it('keeps line breaks and tabs but refuses other control characters', () => {
    expect(createPostBodySchema.safeParse({ text: 'a\nb\tc\r\n' }).success).toBe(true);
    for (const bad of ['\u0000', '\u001b[31m', '\u007f', '\u0085']) {
      expect(createPostBodySchema.safeParse({ text: `x${bad}` }).success).toBe(false);
    }
  });
});
