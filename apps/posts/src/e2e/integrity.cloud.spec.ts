import { randomUUID } from 'node:crypto';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { eventually, readStreamFromStart } from '@traced-social/aws-clients/testing';
import {
  startCloudSession,
  type CloudSession,
  type SessionUser,
  uniqueUser,
} from '@traced-social/cloud-session';
import { createEvent, decodeEvent, type DomainEvent } from '@traced-social/events';
import { OUTBOX_PARTITIONS } from '@traced-social/tables';
import { newPost } from '../domain/post';
import type { RelayReport } from '../handlers/relay-outbox';
import { toPostItem } from '../store/post-item-mapping';

jest.setTimeout(300_000);

interface Member extends SessionUser {
  token: string;
}
interface FeedBody {
  posts: Array<{ postId: string; text: string }>;
  nextCursor?: string;
}
interface Created {
  post: { postId: string; imageKey?: string };
  upload?: { url: string; headers: Record<string, string> };
}

/**
 * Issue 14's post scenarios through the local cloud (posts, feed and profile apps as deployed):
 * what followers see when deletes race the outbox, an outbox backlog drained by the relay, a
 * client's retry with an Idempotency-Key, and media removed with the post or avatar that used it.
 * The relay's schedule is pushed out of the test's way (a day) and the relay invoked directly,
 * as its schedule would, so each test decides when the outbox drains.
 */
describe('posts through the local cloud: deletes win, the outbox drains, retries, media', () => {
  let session: CloudSession;
  let s3: S3Client;
  let author: Member;
  let follower: Member;

  const member = async (name: string): Promise<Member> => {
    const user = uniqueUser(name);
    await session.seedUser(user);
    return { ...user, token: await session.tokenFor(user) };
  };
  const create = async (body: object, headers: Record<string, string> = {}) => {
    const response = await fetch(`${session.cloud.apiUrl}/posts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${author.token}`,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: (await response.json()) as Created,
    };
  };
  /** Every post text of a reader's feed, newest first (pages of 50 followed by their cursors). */
  const feedTexts = async (reader: Member) => {
    const texts: string[] = [];
    let cursor = '';
    do {
      const { status, body } = await session.api<FeedBody>(
        'GET',
        `/feed?limit=50${cursor && `&cursor=${encodeURIComponent(cursor)}`}`,
        { token: reader.token },
      );
      expect(status).toBe(200);
      texts.push(...body.posts.map((p) => p.text));
      cursor = body.nextCursor ?? '';
    } while (cursor);
    return texts;
  };
  /**
   * Waits until the fan-out consumer has handled every record put on the shard of `partitionKey`
   * so far: a marker post published with that key (records of one shard are consumed in order)
   * shows in the follower's feed. The feed's texts then.
   */
  const consumedUpTo = async (partitionKey: string) => {
    const text = `marker ${randomUUID()}`;
    const marker = createEvent('POST_CREATED', {
      postId: randomUUID(),
      authorId: author.userId,
      createdAt: new Date().toISOString(),
      text,
    });
    await session.publish(marker, partitionKey);
    return eventually(`"${text}" in the feed`, async () => {
      const texts = await feedTexts(follower);
      return texts.includes(text) ? texts : undefined;
    });
  };
  /** The feed's texts once it holds every one of `texts`. */
  const feedWith = (texts: string[]) =>
    eventually(`${texts.length} posts in the feed`, async () => {
      const seen = await feedTexts(follower);
      return texts.every((text) => seen.includes(text)) ? seen : undefined;
    });
  const published = async (): Promise<DomainEvent[]> =>
    (await readStreamFromStart(session.kinesis, session.cloud.names.stream('events'))).map(
      (record) => decodeEvent(record.Data!),
    );
  const relay = async (): Promise<RelayReport> => {
    const outcome = await session.cloud.invoke('posts-relay-outbox', {});
    if (!outcome.ok) throw new Error(`relay-outbox failed: ${JSON.stringify(outcome)}`);
    return outcome.value as RelayReport;
  };
  /** Posts of the author whose POST_CREATED Kinesis refused: pending in the table's outbox. */
  const leftInOutbox = async (texts: string[]) => {
    const items = texts.map((text) => {
      const post = newPost(author, { text });
      const event = createEvent('POST_CREATED', {
        postId: post.postId,
        authorId: post.authorId,
        createdAt: post.createdAt,
        text,
      });
      return toPostItem(post, event);
    });
    for (let i = 0; i < items.length; i += 25) {
      await session.dynamodb.send(
        new BatchWriteCommand({
          RequestItems: {
            [session.cloud.names.table('posts')]: items
              .slice(i, i + 25)
              .map((Item) => ({ PutRequest: { Item } })),
          },
        }),
      );
    }
    return items.map((item) => item.postId);
  };
  const outboxSize = async () => {
    let size = 0;
    for (const partition of OUTBOX_PARTITIONS) {
      const { Count = 0 } = await session.dynamodb.send(
        new QueryCommand({
          TableName: session.cloud.names.table('posts'),
          IndexName: 'outbox',
          KeyConditionExpression: 'outboxpk = :p',
          ExpressionAttributeValues: { ':p': partition },
          Select: 'COUNT',
        }),
      );
      size += Count;
    }
    return size;
  };
  const inMediaBucket = (key: string) =>
    s3
      .send(new HeadObjectCommand({ Bucket: session.cloud.names.bucket('media'), Key: key }))
      .then(() => true)
      .catch((error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)));
  const upload = async (
    target: { url: string; headers: Record<string, string> },
    bytes: Buffer,
  ) => {
    const put = await fetch(target.url, { method: 'PUT', headers: target.headers, body: bytes });
    expect(put.status).toBe(200);
  };

  beforeAll(async () => {
    session = await startCloudSession({
      apps: ['posts', 'feed', 'profile'],
      configure: (manifest) => ({
        ...manifest,
        functions: manifest.functions.map((fn) =>
          fn.name === 'relay-outbox' && fn.trigger.type === 'schedule'
            ? { ...fn, trigger: { ...fn.trigger, expression: 'rate(1 day)' } }
            : fn,
        ),
      }),
    });
    const { env } = session.cloud;
    s3 = new S3Client({
      endpoint: env.AWS_ENDPOINT_URL_S3,
      region: env.AWS_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      },
    });
    author = await member('author');
    follower = await member('follower');
    await session.follow(follower.userId, author.userId);
  });
  afterAll(async () => {
    s3?.destroy();
    await session?.stop();
  });

  it('never shows a post deleted before its POST_CREATED got out (Kinesis refused it), even after the relay runs', async () => {
    const [postId] = await leftInOutbox(['refused, then deleted']);
    const deleted = await session.api('DELETE', `/posts/${postId}`, { token: author.token });
    expect(deleted.status).toBe(204);
    await relay();
    expect(await outboxSize()).toBe(0);
    expect((await session.api('GET', `/posts/${postId}`, { token: follower.token })).status).toBe(
      404,
    );
    // Nothing was published for it, so no feed can hold it.
    expect(await feedTexts(follower)).not.toContain('refused, then deleted');
    const created = (await published()).filter(
      (e) => e.type === 'POST_CREATED' && e.payload.postId === postId,
    );
    expect(created).toEqual([]);
  });

  it('keeps a deleted post out of the feed when its POST_CREATED is published again after the delete', async () => {
    const { status, body } = await create({ text: 'published twice around a delete' });
    expect(status).toBe(201);
    const { postId } = body.post;
    await feedWith(['published twice around a delete']);
    const createdEvent = (await published()).find(
      (e) => e.type === 'POST_CREATED' && e.payload.postId === postId,
    )!;
    expect((await session.api('DELETE', `/posts/${postId}`, { token: author.token })).status).toBe(
      204,
    );
    await eventually('the post gone from the feed', async () =>
      (await feedTexts(follower)).includes('published twice around a delete') ? undefined : true,
    );
    // A late republish, then a replay of both: the feed's tombstone refuses the post.
    const deletedEvent = (await published()).find(
      (e) => e.type === 'POST_DELETED' && e.payload.postId === postId,
    )!;
    await session.publish(createdEvent);
    await session.publish(deletedEvent);
    await session.publish(createdEvent);
    expect(await consumedUpTo(postId)).not.toContain('published twice around a delete');
  });

  it('drains a backlog of refused events with the relay: followers see every post, the outbox ends empty', async () => {
    const texts = Array.from({ length: 60 }, (_, i) => `backlog ${i}`);
    await leftInOutbox(texts);
    expect(await outboxSize()).toBe(60);
    const report = await relay();
    expect(report).toMatchObject({ published: 60, failed: 0 });
    expect(await outboxSize()).toBe(0);
    await feedWith(texts);
  });

  it('answers a retry with the same Idempotency-Key with the first answer: one post in the feed', async () => {
    const key = `retry-${randomUUID()}`;
    const text = `sent twice ${key}`;
    const first = await create({ text }, { 'Idempotency-Key': key });
    const retry = await create({ text }, { 'Idempotency-Key': key });
    expect([first.status, retry.status]).toEqual([201, 201]);
    expect(retry.body).toEqual(first.body);
    expect(retry.replayed).toBe('true');
    // One post: in the author's listing (written in the request) and, once, in the feed.
    const listed = await session.api<{ posts: Array<{ text: string }> }>(
      'GET',
      `/users/${author.userId}/posts`,
      { token: follower.token },
    );
    expect(listed.body.posts.filter((p) => p.text === text)).toHaveLength(1);
    expect((await feedWith([text])).filter((t) => t === text)).toHaveLength(1);
  });

  it('refuses an image announced without its size (400): no unbounded upload URL, no post', async () => {
    const text = `image without a size ${randomUUID()}`;
    const refused = await create({ text, imageContentType: 'image/png' });
    expect(refused.status).toBe(400);
    expect(refused.body.upload).toBeUndefined();
    const listed = await session.api<{ posts: Array<{ text: string }> }>(
      'GET',
      `/users/${author.userId}/posts`,
      { token: follower.token },
    );
    expect(listed.body.posts.map((p) => p.text)).not.toContain(text);
  });

  it("deletes a deleted post's image and a replaced avatar from the media bucket", async () => {
    const image = Buffer.from('\x89PNG\r\n\x1a\n-cloud-image', 'binary');
    const created = await create({
      text: 'with an image',
      imageContentType: 'image/png',
      imageSize: image.length,
    });
    expect(created.status).toBe(201);
    const imageKey = created.body.post.imageKey!;
    await upload(created.body.upload!, image);
    expect(await inMediaBucket(imageKey)).toBe(true);
    const deleted = await session.api('DELETE', `/posts/${created.body.post.postId}`, {
      token: author.token,
    });
    expect(deleted.status).toBe(204);
    expect(await inMediaBucket(imageKey)).toBe(false);

    const newAvatar = async () => {
      const avatar = Buffer.from('an-avatar');
      const answer = await session.api<{
        upload: { url: string; key: string; headers: Record<string, string> };
        profile: { avatarKey: string };
      }>('POST', '/profiles/me/avatar-upload', {
        token: author.token,
        body: { contentType: 'image/png', size: avatar.length },
      });
      expect(answer.status).toBe(200);
      await upload(answer.body.upload, avatar);
      expect(answer.body.profile.avatarKey).toBe(answer.body.upload.key);
      return answer.body.upload.key;
    };
    const first = await newAvatar();
    const second = await newAvatar();
    expect(await inMediaBucket(first)).toBe(false);
    expect(await inMediaBucket(second)).toBe(true);
  });
});
