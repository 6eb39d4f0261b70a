import type { Scenario } from '../scenario';

/**
 * likes at size n: a post liked by n users (GET_LIKES reads it); then one more like and an
 * unlike, each counted on its own from the likes table's stream (COUNT_LIKES, which publishes
 * POST_LIKED).
 */
export const likesScenario: Scenario = {
  app: 'likes',
  apps: ['likes'],
  sizeUnits: { default: 'like' },
  async run({ size, newUser, session, expectApi, settle, measure }) {
    const author = await newUser('author');
    const reader = await newUser('reader');
    const postId = await session.seedPost({ authorId: author.userId });
    for (let i = 0; i < size; i++) {
      const liker = await newUser(`liker${i}`);
      await expectApi('PUT', `/posts/${postId}/like`, 200, { token: liker.token });
      await settle();
    }
    await measure(async () => {
      await expectApi('GET', `/posts/${postId}/likes`, 200, { token: reader.token });
      await expectApi('PUT', `/posts/${postId}/like`, 200, { token: reader.token });
      await settle();
      await expectApi('DELETE', `/posts/${postId}/like`, 200, { token: reader.token });
      await settle();
    });
  },
};
