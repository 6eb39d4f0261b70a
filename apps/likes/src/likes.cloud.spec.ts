import { randomUUID } from 'node:crypto';
import { eventually } from '@traced-social/aws-clients/testing';
import {
  startCloudSession,
  uniqueUser,
  uniqueUsers,
  type CloudSession,
} from '@traced-social/cloud-session';
import { expectTrace } from '@traced-social/observability/testing';
import { findNodes } from '@traced-social/trace-model';

jest.setTimeout(180_000);

interface Likes {
  postId: string;
  likeCount: number;
  likedByMe: boolean;
}
interface Notifications {
  notifications: Array<{ notificationId: string; type: string; actorId: string; postId?: string }>;
  unreadCount: number;
}

/**
 * Likes through the local cloud: the API writes likes, the likes table's DynamoDB stream (the
 * local cloud's emulation) drives the count handler, which publishes POST_LIKED to Kinesis, which
 * the notifications consumer turns into a notification for the author.
 */
describe('likes through the local cloud (stream handler, Kinesis, notifications)', () => {
  let session: CloudSession;
  const author = uniqueUser('author');
  const fans = uniqueUsers('fan', 3);
  const tokens = new Map<string, string>();
  let postId: string;

  /** PUT likes the post as `as`, DELETE takes the like back. */
  const setLike = (method: 'PUT' | 'DELETE', as: { userId: string }) =>
    session.api(method, `/posts/${postId}/like`, { token: tokens.get(as.userId) });
  const likesOf = async (as: { userId: string }) =>
    session.api<Likes>('GET', `/posts/${postId}/likes`, { token: tokens.get(as.userId) });
  const countBecomes = (n: number) =>
    eventually(`the like count to become ${n}`, async () => {
      const { body } = await likesOf(author);
      return body.likeCount === n ? body : undefined;
    });

  beforeAll(async () => {
    session = await startCloudSession({ apps: ['likes', 'notifications'] });
    for (const user of [author, ...fans]) tokens.set(user.userId, await session.tokenFor(user));
    postId = await session.seedPost({ authorId: author.userId });
  });
  afterAll(() => session?.stop());

  it('likes idempotently: liking twice counts once, and the author is told once', async () => {
    const [fan] = fans;
    const first = await setLike('PUT', fan);
    const again = await setLike('PUT', fan);
    expect(first).toMatchObject({ status: 200, body: { liked: true, changed: true } });
    expect(again).toMatchObject({ status: 200, body: { liked: true, changed: false } });

    await countBecomes(1);
    expect((await likesOf(fan)).body).toEqual({ postId, likeCount: 1, likedByMe: true });
    expect((await likesOf(author)).body.likedByMe).toBe(false);

    const told = await eventually('the author to be notified', async () => {
      const { body } = await session.api<Notifications>('GET', '/notifications', {
        token: tokens.get(author.userId),
      });
      return body.notifications.length ? body : undefined;
    });
    expect(told.unreadCount).toBe(1);
    expect(told.notifications).toEqual([
      expect.objectContaining({ type: 'POST_LIKED', actorId: fan.userId, postId }),
    ]);

    // The stream handler's trace, found through the X-Ray API: the count applied, then POST_LIKED.
    const [countTrace] = await eventually('the count-likes trace', async () => {
      // The handler's own count and marker writes are stream records too (ignored, their batches
      // carry no postId): pick the batch of this post's like.
      const ids = await session.findTraces(
        `annotation.operationType = "COUNT_LIKES" AND annotation.postId = "${postId}"`,
      );
      return ids.length ? ids : undefined;
    });
    const trace = expectTrace(await session.readTrace(countTrace));
    trace.node('ApplyLikeCount').toHaveMetadata('dynamodb');
    trace.node('PublishEvent').toHaveAnnotation('eventType', 'POST_LIKED');
    trace
      .node('## index.handler')
      .toHaveAnnotation('batchSize')
      .toHaveAnnotation('failedRecords', 0);
  });

  it('counts concurrent likes and unlikes exactly', async () => {
    const [, second, third] = fans;
    const answers = await Promise.all([
      setLike('PUT', second),
      setLike('PUT', third),
      setLike('PUT', third),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await countBecomes(3);

    const unliked = await setLike('DELETE', third);
    const unlikedAgain = await setLike('DELETE', third);
    expect(unliked).toMatchObject({ status: 200, body: { liked: false, changed: true } });
    expect(unlikedAgain).toMatchObject({ status: 200, body: { liked: false, changed: false } });
    await countBecomes(2);
    expect((await likesOf(third)).body.likedByMe).toBe(false);
  });

  it('does not count a replayed stream record twice', async () => {
    // Every record the likes table's stream holds so far, delivered once more to the handler.
    const records = await session.tableStreamRecords('likes');
    const likeRecords = records.filter((r) => String(r.dynamodb?.Keys?.sk?.S).startsWith('LIKE#'));
    expect(likeRecords.length).toBe(4); // 3 likes, 1 unlike
    const outcome = await session.cloud.invoke('likes-count-likes', { Records: likeRecords });
    expect(outcome).toMatchObject({ ok: true, value: { batchItemFailures: [] } });
    expect((await likesOf(author)).body.likeCount).toBe(2);
  });

  it('answers 404 for a missing post and 400 for a malformed id, changing nothing', async () => {
    const token = tokens.get(fans[0].userId);
    const missing = randomUUID();
    expect((await session.api('PUT', `/posts/${missing}/like`, { token })).status).toBe(404);
    expect((await session.api('DELETE', `/posts/${missing}/like`, { token })).status).toBe(404);
    expect((await session.api('GET', `/posts/${missing}/likes`, { token })).status).toBe(404);
    const malformed = await session.api<{ error: { fields: object } }>(
      'PUT',
      '/posts/not-a-uuid/like',
      {
        token,
      },
    );
    expect(malformed.status).toBe(400);
    expect(Object.keys(malformed.body.error.fields)).toEqual(['path.postId']);
    expect((await session.api('PUT', `/posts/${postId}/like`)).status).toBe(401);
    expect((await likesOf(author)).body.likeCount).toBe(2);
  });

  it('traces a like request: JWT, validation, the post lookup and the conditional put', async () => {
    const answer = await session.api('PUT', `/posts/${postId}/like`, {
      token: tokens.get(fans[0].userId),
    });
    const tree = await eventually('the like request trace', async () => {
      const read = await session.readTrace(answer.traceId);
      return findNodes(read, (n) => n.document.name === 'PutLike').length ? read : undefined;
    });
    const handler = expectTrace(tree).node('## index.handler');
    expect(handler.childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
      'GetPost',
      'PutLike',
    ]);
    handler
      .toHaveAnnotation('operationType', 'LIKE_POST')
      .toHaveAnnotation('userId', fans[0].userId)
      .toHaveAnnotation('postId', postId);
  });
});
