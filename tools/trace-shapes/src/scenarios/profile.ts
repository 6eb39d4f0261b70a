import { randomBytes } from 'node:crypto';
import type { Scenario } from '../scenario';

/**
 * profile at size n: a user with n followers (LIST_FOLLOWERS lists them) following n users
 * (LIST_FOLLOWING); then each route once, a follow and an unfollow (the follow counts move in
 * COUNT_FOLLOWS from the follows table's stream). The user registers through auth, so its
 * username is claimed as in production (GET_PROFILE_BY_USERNAME reads the claim).
 */
export const profileScenario: Scenario = {
  app: 'profile',
  apps: ['auth', 'profile'],
  sizeUnits: { default: 'follower', LIST_FOLLOWING: 'followee' },
  async run({ size, newUser, expectApi, settle, measure }) {
    const username = `shape${randomBytes(5).toString('hex')}`;
    const account = { email: `${username}@example.com`, password: 'Correct-Horse-9-Battery!' };
    await expectApi('POST', '/auth/register', 201, { body: { ...account, username } });
    const login = await expectApi<{ accessToken: string; user: { userId: string } }>(
      'POST',
      '/auth/login',
      200,
      { body: account },
    );
    const user = { userId: login.user.userId, username, token: login.accessToken };
    const other = await newUser('other');
    for (let i = 0; i < size; i++) {
      const follower = await newUser(`follower${i}`);
      await expectApi('POST', `/profiles/${user.userId}/follow`, 200, { token: follower.token });
      const followee = await newUser(`followee${i}`);
      await expectApi('POST', `/profiles/${followee.userId}/follow`, 200, { token: user.token });
    }
    await measure(async () => {
      const token = user.token;
      await expectApi('GET', `/profiles/${user.userId}`, 200, { token });
      await expectApi('GET', `/profiles/by-username/${user.username}`, 200, { token });
      await expectApi('PATCH', '/profiles/me', 200, { token, body: { bio: 'Shapes of traces' } });
      await expectApi('POST', '/profiles/me/avatar-upload', 200, {
        token,
        body: { contentType: 'image/png', size: 1024 },
      });
      await expectApi('GET', `/profiles/${user.userId}/followers?limit=50`, 200, { token });
      await expectApi('GET', `/profiles/${user.userId}/following?limit=50`, 200, { token });
      await expectApi('POST', `/profiles/${other.userId}/follow`, 200, { token });
      await settle();
      await expectApi('DELETE', `/profiles/${other.userId}/follow`, 204, { token });
      await settle();
    });
  },
};
