import type { Scenario } from '../scenario';

/**
 * notifications at size n: a user followed by n others (n notifications, recorded from
 * USER_FOLLOWED); then the list, marking all read, and one more event recorded on its own.
 */
export const notificationsScenario: Scenario = {
  app: 'notifications',
  apps: ['notifications'],
  sizeUnits: { default: 'notification' },
  async run({ size, newUser, session, expectApi, settle, measure }) {
    const user = await newUser('user');
    for (let i = 0; i < size; i++) {
      const follower = await newUser(`follower${i}`);
      await session.follow(follower.userId, user.userId);
      await settle();
    }
    const latecomer = await newUser('latecomer');
    await measure(async () => {
      await expectApi('GET', '/notifications?limit=50', 200, { token: user.token });
      await expectApi('POST', '/notifications/read', 200, {
        token: user.token,
        body: { all: true },
      });
      await session.follow(latecomer.userId, user.userId);
      await settle();
    });
  },
};
