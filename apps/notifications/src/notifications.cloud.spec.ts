import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, uniqueUser, type CloudSession } from '@traced-social/cloud-session';
import { createEvent, type DomainEvent } from '@traced-social/events';
import { expectTrace } from '@traced-social/observability/testing';

jest.setTimeout(180_000);

interface NotificationList {
  notifications: Array<{
    notificationId: string;
    type: string;
    actorId: string;
    postId?: string;
    read: boolean;
  }>;
  unreadCount: number;
  nextCursor?: string;
}

/**
 * The notifications consumer fed real Kinesis records through the local cloud's event source, and
 * its API. Every event goes to one shard (one partition key), so records are consumed in the
 * order published: once a later record is seen, the earlier ones were handled.
 */
describe('notifications through the local cloud (Kinesis consumer and API)', () => {
  let session: CloudSession;
  const shard = `partition-${randomUUID()}`;
  const bob = uniqueUser('bob');
  const ann = `ann-${randomUUID()}`;
  const carl = `carl-${randomUUID()}`;
  const dora = `dora-${randomUUID()}`;
  let bobToken: string;
  const postId = randomUUID();
  const at = () => new Date().toISOString();

  const publish = (event: DomainEvent | Uint8Array) => session.publish(event, shard);
  const list = (query = '', token = bobToken) =>
    session.api<NotificationList>('GET', `/notifications${query}`, { token });
  const notificationsBecome = (count: number) =>
    eventually(`${count} notifications for bob`, async () => {
      const { body } = await list('?limit=100');
      return body.notifications.length === count ? body : undefined;
    });
  const liked = (likerId: string) =>
    createEvent('POST_LIKED', { postId, authorId: bob.userId, likerId, likedAt: at() });
  const followed = (followerId: string) =>
    createEvent('USER_FOLLOWED', { followerId, followeeId: bob.userId, followedAt: at() });

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['notifications'] });
    bobToken = await session.tokenFor(bob);
  });
  afterAll(() => session?.stop());

  it('tells the recipient once per event, never about their own actions', async () => {
    const annLiked = liked(ann);
    await publish(annLiked);
    await publish(annLiked); // delivered twice (an at-least-once producer retried)
    await publish(liked(bob.userId)); // bob likes his own post: nothing to tell
    await publish(followed(ann));
    await publish(createEvent('POST_DELETED', { postId, authorId: bob.userId, deletedAt: at() }));
    await publish(followed(carl)); // the last one: when it is in, all before it were handled

    const seen = await eventually('the last event to be handled', async () => {
      const { body } = await list('?limit=100');
      return body.notifications.some((n) => n.actorId === carl) ? body : undefined;
    });
    expect(seen.notifications.map((n) => [n.type, n.actorId])).toEqual([
      ['USER_FOLLOWED', carl],
      ['USER_FOLLOWED', ann],
      ['POST_LIKED', ann],
    ]);
    expect(seen.unreadCount).toBe(3);
    expect(seen.notifications.every((n) => !n.read)).toBe(true);
  });

  it('dead-letters a poison record after retries, and goes on with the next records', async () => {
    await publish(Buffer.from('{"not":"an event"'));
    await publish(followed(dora));
    await notificationsBecome(4);

    const file = session.cloud.deadLetterFile('notifications-record-notifications');
    const letter = await eventually('the poison record in the dead-letter file', async () => {
      const text = await readFile(file, 'utf8').catch(() => '');
      const lines = text.split('\n').filter(Boolean);
      return lines.length ? (JSON.parse(lines[0]) as DeadLetterLine) : undefined;
    });
    expect(letter.reason).toContain('PoisonRecordError');
    expect(letter.attempts).toBeGreaterThan(1);
    expect(Buffer.from(letter.record.kinesis.data, 'base64').toString('utf8')).toBe(
      '{"not":"an event"',
    );
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    expect(lines).toHaveLength(1); // only the poison record, not its neighbours
  });

  it('pages newest first with a cursor that only its owner can use', async () => {
    const first = await list('?limit=3');
    expect(first.body.notifications.map((n) => n.actorId)).toEqual([dora, carl, ann]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await list(`?limit=3&cursor=${first.body.nextCursor}`);
    expect(second.body.notifications.map((n) => [n.type, n.actorId])).toEqual([
      ['POST_LIKED', ann],
    ]);
    expect(second.body.nextCursor).toBeUndefined();

    const annToken = await session.tokenFor({ userId: ann, username: 'ann' });
    const stolen = await list(`?cursor=${first.body.nextCursor}`, annToken);
    expect(stolen.status).toBe(400);
    expect((await session.api('GET', '/notifications')).status).toBe(401);
  });

  it.each([
    ['no body', undefined, 400],
    ['an empty object', {}, 400],
    ['an empty list', { ids: [] }, 400],
    ['ids that are not notification ids', { ids: ['x'] }, 400],
    ['both ids and all', { ids: [`${new Date().toISOString()}_${randomUUID()}`], all: true }, 400],
  ])('refuses %s with 400 and changes nothing', async (_name, body, status) => {
    const answer = await session.api('POST', '/notifications/read', { token: bobToken, body });
    expect(answer.status).toBe(status);
    const after = await list('?limit=100');
    expect(after.body.unreadCount).toBe(4);
    expect(after.body.notifications.some((n) => n.read)).toBe(false);
  });
  it('marks a list of ids read, then all; unknown or repeated ids change nothing', async () => {
    const { body } = await list('?limit=100');
    const newest = body.notifications[0].notificationId;
    const once = await session.api('POST', '/notifications/read', {
      token: bobToken,
      body: { ids: [newest] },
    });
    expect(once).toMatchObject({ status: 200, body: { marked: 1 } });
    const unknown = `${new Date().toISOString()}_${randomUUID()}`;
    const twice = await session.api('POST', '/notifications/read', {
      token: bobToken,
      body: { ids: [newest, unknown] },
    });
    expect(twice).toMatchObject({ status: 200, body: { marked: 0 } });
    let now = await list('?limit=100');
    expect(now.body.unreadCount).toBe(3);
    expect(now.body.notifications.find((n) => n.notificationId === newest)?.read).toBe(true);

    const all = await session.api('POST', '/notifications/read', {
      token: bobToken,
      body: { all: true },
    });
    expect(all).toMatchObject({ status: 200, body: { marked: 3, remaining: false } });
    now = await list('?limit=100');
    expect(now.body.unreadCount).toBe(0);
    expect(now.body.notifications.every((n) => n.read)).toBe(true);

    const tree = await eventually('the mark-read trace', async () => {
      const read = await session.readTrace(all.traceId);
      return JSON.stringify(read).includes('"name":"MarkRead"') ? read : undefined;
    });
    const handler = expectTrace(tree).node('## index.handler');
    expect(handler.childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
      'FindUnread',
      'MarkRead',
    ]);
    handler.toHaveAnnotation('operationType', 'MARK_NOTIFICATIONS_READ');
  });

  it('tells the same news once per cooldown: like/unlike/like and follow/unfollow/follow loops make one each, and every item expires', async () => {
    const eve = `eve-${randomUUID()}`;
    const frank = `frank-${randomUUID()}`;
    const otherPost = randomUUID();
    for (let i = 0; i < 3; i++) {
      // Each like of a loop is a new event (a new likes-stream record), each follow too.
      await publish(
        createEvent('POST_LIKED', {
          postId: otherPost,
          authorId: bob.userId,
          likerId: eve,
          likedAt: at(),
        }),
      );
      await publish(followed(eve));
    }
    await publish(followed(frank));
    const seen = await eventually('the last event to be handled', async () => {
      const { body } = await list('?limit=100');
      return body.notifications.some((n) => n.actorId === frank) ? body : undefined;
    });
    expect(
      seen.notifications.filter((n) => n.actorId === eve).map((n) => [n.type, n.postId]),
    ).toEqual([
      ['USER_FOLLOWED', undefined],
      ['POST_LIKED', otherPost],
    ]);
    expect(seen.unreadCount).toBe(3);

    // Read back from the emulator: every item of bob's partition carries its expiry.
    const { Items = [] } = await session.dynamodb.send(
      new QueryCommand({
        TableName: session.cloud.names.table('notifications'),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `USER#${bob.userId}` },
      }),
    );
    const now = Date.now() / 1000;
    expect(Items.length).toBeGreaterThan(seen.notifications.length);
    for (const item of Items) {
      expect(item.expiresAt).toBeGreaterThan(now);
      expect(item.expiresAt).toBeLessThanOrEqual(now + 31 * 24 * 3600);
    }
  });

  it('answers 400, never 500, to cursors of its partition with the wrong key types or attributes', async () => {
    const pk = `USER#${bob.userId}`;
    const probes: unknown[] = [
      { pk, sk: 7 },
      { pk, sk: true },
      { pk, sk: null },
      { pk, sk: { S: 'NOTIF#x' } },
      { pk, sk: ['NOTIF#x'] },
      { pk, sk: '' },
      { pk },
      { pk, sk: 'NOTIF#x', extra: 'x' },
      { pk, sk: 'NOTIF#x', gsi1pk: pk },
      { pk: 7, sk: 'NOTIF#x' },
      [pk, 'NOTIF#x'],
      'NOTIF#x',
    ];
    for (const probe of probes) {
      const cursor = Buffer.from(JSON.stringify(probe)).toString('base64url');
      const answer = await list(`?cursor=${cursor}`);
      expect({ probe, status: answer.status }).toEqual({ probe, status: 400 });
    }
  });
});

interface DeadLetterLine {
  reason: string;
  attempts: number;
  record: { kinesis: { data: string } };
}
