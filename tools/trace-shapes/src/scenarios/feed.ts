import { countItems, eventually } from '@traced-social/aws-clients/testing';
import type { Scenario } from '../scenario';
import { feedPartition } from '@traced-social/tables';

/**
 * feed at size n: a reader following n authors who each posted once (the fan-out fills the
 * reader's feed with n posts); GET_FEED once from DynamoDB (cache miss) and once from Redis (hit);
 * then one USER_FOLLOWED fanned out on its own (FAN_OUT_FEED copies the n posts of the followee);
 * then the fan-out resumer once, as its schedule would run it (RESUME_FAN_OUT).
 */
export const feedScenario: Scenario = {
  app: 'feed',
  apps: ['posts', 'feed'],
  sizeUnits: { default: 'post' },
  async run({ size, newUser, session, expectApi, settle, measure }) {
    const reader = await newUser('reader');
    const author = await newUser('author');
    for (let i = 0; i < size; i++) {
      const other = await newUser(`author${i}`);
      await session.follow(reader.userId, other.userId);
      await expectApi('POST', '/posts', 201, { token: other.token, body: { text: `Post ${i}` } });
      await expectApi('POST', '/posts', 201, { token: author.token, body: { text: `Mine ${i}` } });
    }
    // The fan-out runs in a Kinesis consumer, cold on the warm-up run and slow on a busy machine:
    // wait for the reader's feed items in the table (a GET /feed here would fill the cache).
    await eventually(
      `the fan-out of ${size} post(s) into the reader's feed`,
      async () => {
        const items = await countItems(session.dynamodb, {
          TableName: session.cloud.names.table('feeds'),
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': feedPartition(reader.userId) },
        });
        return items >= size ? items : undefined;
      },
      120_000,
    );
    await measure(async () => {
      const miss = await expectApi<{ posts: unknown[] }>('GET', '/feed?limit=50', 200, {
        token: reader.token,
      });
      if (!miss.posts.length)
        throw new Error('the reader’s feed is empty: the fan-out did not run');
      await expectApi('GET', '/feed?limit=50', 200, { token: reader.token });
      await settle();
      await session.follow(reader.userId, author.userId);
      await settle();
      // RESUME_FAN_OUT as its schedule would run it (no fan-out is pending at this size).
      const resumed = await session.cloud.invoke('feed-resume-fan-out', {});
      if (!resumed.ok) throw new Error(`resume-fan-out failed: ${JSON.stringify(resumed.error)}`);
      await settle();
    });
  },
};
