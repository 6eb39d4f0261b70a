import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '@traced-social/aws-clients/testing';
import {
  configureFunctions,
  startCloudSession,
  uniqueUser,
  type CloudSession,
} from '@traced-social/cloud-session';
import { createEvent } from '@traced-social/events';
import { expectTrace } from '@traced-social/observability/testing';

jest.setTimeout(180_000);

interface NotificationList {
  notifications: Array<{ actorId: string }>;
  unreadCount: number;
}

/**
 * A record that fails for a while (its recipient's cooldown claim is corrupt, so the transaction
 * is refused) through the local cloud's Kinesis event source: the records before it in the batch
 * are done, it is retried (`batchItemFailures`) until the cause is repaired, then succeeds; nothing
 * is dead-lettered and nothing is recorded twice. The trigger's retry limit is raised for this
 * session so the repair never races the limit.
 */
describe('notifications: a failing record is retried until it succeeds (local cloud)', () => {
  let session: CloudSession;
  const shard = `partition-${randomUUID()}`;
  const healthy = uniqueUser('healthy');
  const broken = uniqueUser('broken');
  const actor = `actor-${randomUUID()}`;

  const notificationsOf = async (user: { userId: string; username: string }) =>
    (
      await session.api<NotificationList>('GET', '/notifications', {
        token: await session.tokenFor(user),
      })
    ).body;
  // The cooldown claim of the broken recipient's news (notification-items.ts).
  const claimItem = (userId: string) => ({
    pk: `USER#${userId}`,
    sk: `COOLDOWN#USER_FOLLOWED#${actor}#-`,
  });

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['notifications'],
      configure: configureFunctions((fn) =>
        fn.trigger.type === 'kinesis'
          ? { ...fn, trigger: { ...fn.trigger, maxRetries: 1_000 } }
          : fn,
      ),
    });
  });
  // Repairs the claim first, even when the test failed: a record retried without end would
  // keep the event source (and so `stop`) busy.
  afterAll(async () => {
    await repair().catch(() => undefined);
    await session?.stop();
  });

  const repair = () =>
    session.dynamodb.send(
      new UpdateCommand({
        TableName: session.cloud.names.table('notifications'),
        Key: claimItem(broken.userId),
        UpdateExpression: 'SET told = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
      }),
    );

  it('finishes the records before the failing one, retries it, and succeeds once repaired', async () => {
    const table = session.cloud.names.table('notifications');
    // An expired claim whose count is not a number: adding to it fails, so the whole
    // SaveNotification transaction does.
    await session.dynamodb.send(
      new PutCommand({
        TableName: table,
        Item: { ...claimItem(broken.userId), until: 0, told: 'x' },
      }),
    );
    const followed = (followeeId: string) =>
      createEvent('USER_FOLLOWED', {
        followerId: actor,
        followeeId,
        followedAt: new Date().toISOString(),
      });
    await session.publish(followed(healthy.userId), shard);
    await session.publish(followed(broken.userId), shard);

    // The record before the failing one is done, however the records were batched.
    await eventually('the healthy recipient to be notified', async () => {
      const list = await notificationsOf(healthy);
      return list.notifications.length === 1 ? list : undefined;
    });
    // The failing record is reported, and retried.
    const failedBatches = await eventually('two failed attempts of the broken record', async () => {
      const ids = await session.findTraces(
        'annotation.operationType = "RECORD_NOTIFICATIONS" AND annotation.failedRecords = 1',
      );
      return ids.length >= 2 ? ids : undefined;
    });
    const failed = expectTrace(await session.readTrace(failedBatches[0]));
    failed.node('SaveNotification').toBeError(); // DynamoDB's 400: a client error, not a fault
    expect((await notificationsOf(broken)).notifications).toEqual([]);

    // Repaired: the next retry succeeds.
    await repair();
    const repaired = await eventually('the broken recipient to be notified', async () => {
      const list = await notificationsOf(broken);
      return list.notifications.length === 1 ? list : undefined;
    });
    expect(repaired.unreadCount).toBe(1);
    expect(await notificationsOf(healthy)).toMatchObject({ unreadCount: 1 });
    const deadLetters = await readFile(
      session.cloud.deadLetterFile('notifications-record-notifications'),
      'utf8',
    ).catch(() => '');
    expect(deadLetters).toBe('');
  });
});
