import type { Scenario } from '../scenario';

/**
 * posts at size n: an author with n followers (CREATE_POST fans out to them in its own trace)
 * and n earlier posts (LIST_USER_POSTS lists them), then each route once and the outbox relay.
 */
export const postsScenario: Scenario = {
  app: 'posts',
  apps: ['posts', 'feed'],
  sizeUnits: { default: 'follower', LIST_USER_POSTS: 'post' },
  async run({ size, newUser, session, expectApi, settle, measure }) {
    const author = await newUser('author');
    for (let i = 0; i < size; i++) {
      const follower = await newUser(`follower${i}`);
      await session.follow(follower.userId, author.userId);
    }
    for (let i = 0; i < size; i++) {
      await expectApi('POST', '/posts', 201, { token: author.token, body: { text: `Post ${i}` } });
    }
    await measure(async () => {
      const token = author.token;
      const { post } = await expectApi<{ post: { postId: string } }>('POST', '/posts', 201, {
        token,
        body: { text: 'Hello followers' },
      });
      await settle();
      await expectApi('POST', '/posts', 201, {
        token,
        body: { text: 'With a picture', imageContentType: 'image/png', imageSize: 1024 },
      });
      await settle();
      await expectApi('GET', `/posts/${post.postId}`, 200, { token });
      await expectApi('GET', `/users/${author.userId}/posts?limit=100`, 200, { token });
      await expectApi('DELETE', `/posts/${post.postId}`, 204, { token });
      await settle();
      const relay = await session.cloud.invoke('posts-relay-outbox', {});
      if (!relay.ok) throw new Error(`relay-outbox failed: ${JSON.stringify(relay.error)}`);
    });
  },
};
