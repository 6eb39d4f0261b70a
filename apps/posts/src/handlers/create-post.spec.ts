import { join } from 'node:path';
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LEGACY_OUTBOX_PARTITION, OUTBOX_SHARDS, userKeys } from '@traced-social/tables';
import { batchWriteWithRetries } from '@traced-social/aws-clients';
import { newPost } from '../domain/post';
import { toPostItem } from '../store/post-item-mapping';
import { createEvent, decodeEvent } from '@traced-social/events';
import {
  apiEvent,
  responseBody,
  startApiTestbed,
  testAccessToken,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import { parseTraceHeader } from '@traced-social/trace-model';

const createPost = join(__dirname, 'create-post.ts');
const relayOutbox = join(__dirname, 'relay-outbox.ts');
const author = { userId: 'user-ada', username: 'ada' };

interface CreatedBody {
  post: {
    postId: string;
    authorId: string;
    authorUsername: string;
    text: string;
    imageKey?: string;
  };
  upload?: { url: string; method: string; headers: Record<string, string>; key: string };
}

describe('create-post', () => {
  let testbed: ApiTestbed;
  let token: string;

  beforeAll(async () => {
    testbed = await startApiTestbed('posts');
    token = await testAccessToken(author);
    await testbed.aws.dynamodb.send(
      new PutCommand({
        TableName: testbed.aws.tableName('users'),
        Item: {
          ...userKeys.profile(author.userId),
          ...author,
          displayName: 'Ada',
          bio: '',
          followerCount: 0,
          followingCount: 0,
          createdAt: new Date().toISOString(),
        },
      }),
    );
  });
  afterAll(() => testbed.stop());

  /** PUTs `image` to the presigned upload and finds the same bytes at `key` in the media bucket. */
  const expectUploadStored = async (
    upload: NonNullable<CreatedBody['upload']>,
    key: string | undefined,
    image: Buffer,
  ) => {
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image });
    expect(put.status).toBe(200);
    const stored = await fetch(
      `${testbed.env.AWS_ENDPOINT_URL_S3}/${testbed.aws.bucketName('media')}/${key}`,
    );
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(image);
  };

  const postsTableItems = async () =>
    (
      await testbed.aws.dynamodb.send(
        new ScanCommand({ TableName: testbed.aws.tableName('posts') }),
      )
    ).Items ?? [];
  const publishedEvents = async () =>
    (await testbed.aws.readStream('events')).map((data) => decodeEvent(data));

  it('answers 201 with the post, stores it, publishes POST_CREATED and traces the seed tree', async () => {
    const { result, tree, traceId } = await testbed.invoke(
      createPost,
      apiEvent({ method: 'POST', resource: '/posts', token, body: { text: 'Hello, world' } }),
    );

    expect(result?.statusCode).toBe(201);
    const { post } = responseBody<CreatedBody>(result!);
    expect(post).toMatchObject({
      authorId: author.userId,
      authorUsername: 'ada',
      text: 'Hello, world',
    });

    const stored = (await postsTableItems()).find((item) => item.postId === post.postId);
    expect(stored).toMatchObject({ text: 'Hello, world', status: 'active', pendingEvents: {} });
    expect(stored?.outboxpk).toBeUndefined();

    const event = (await publishedEvents()).find(
      (e) => e.type === 'POST_CREATED' && e.payload.postId === post.postId,
    );
    expect(event?.payload).toMatchObject({ authorId: author.userId, text: 'Hello, world' });
    // The consumer's work will hang under the PublishEvent subsegment of this very trace.
    const carried = parseTraceHeader(event?.traceContext);
    expect(carried?.root).toBe(traceId);

    const trace = expectTrace(tree).toBeComplete();
    const handlerNode = trace.node('## create-post.handler');
    expect(handlerNode.childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
      'GetUserProfile',
      'CreatePost',
      'PublishEvent',
      'MarkEventPublished',
    ]);
    handlerNode
      .toHaveAnnotation('operationType', 'CREATE_POST')
      .toHaveAnnotation('userId', author.userId)
      .toHaveAnnotation('postId', post.postId)
      .toBeOk();
    trace
      .toHavePath('GetUserProfile', 'DynamoDB')
      .toHavePath('CreatePost', 'DynamoDB')
      .toHavePath('PublishEvent', 'Kinesis');
    trace.node('PublishEvent').toHaveAnnotation('eventType', 'POST_CREATED');
    expect(trace.node('PublishEvent').document.id).toBe(carried?.parent);
    expect(testbed.capture.rawBytes().toString('utf8')).not.toContain(token);
  });

  it('announces an image: presigned PUT traced as GeneratePresignedUrl, type and size signed into it', async () => {
    const image = Buffer.from('fake-png-bytes-for-the-test');
    const { result, tree } = await testbed.invoke(
      createPost,
      apiEvent({
        method: 'POST',
        resource: '/posts',
        token,
        body: { text: 'With a picture', imageContentType: 'image/png', imageSize: image.length },
      }),
    );
    expect(result?.statusCode).toBe(201);
    const { post, upload } = responseBody<CreatedBody>(result!);
    expect(upload?.key).toBe(post.imageKey);
    expect(post.imageKey).toMatch(
      new RegExp(`^posts/${author.userId}/${post.postId}/image\\.png$`),
    );

    const handlerNode = expectTrace(tree).node('## create-post.handler');
    expect(handlerNode.childNames()).toEqual([
      'JWT Verification',
      'Request Validation',
      'GetUserProfile',
      'CreatePost',
      'GeneratePresignedUrl',
      'PublishEvent',
      'MarkEventPublished',
    ]);
    const signedHeaders = new URL(upload!.url).searchParams.get('X-Amz-SignedHeaders') ?? '';
    expect(signedHeaders.split(';')).toEqual(
      expect.arrayContaining(['content-type', 'content-length']),
    );

    await expectUploadStored(upload!, post.imageKey, image);
  });

  describe('Idempotency-Key (decision 1402)', () => {
    const postWithKey = (key: string, body: object, as = token) =>
      testbed.invoke(
        createPost,
        apiEvent({
          method: 'POST',
          resource: '/posts',
          token: as,
          body,
          headers: { 'Idempotency-Key': key },
        }),
      );
    const postsWithText = async (text: string) =>
      (await postsTableItems()).filter((item) => item.text === text);

    it('answers a retry with the first answer: one post, one POST_CREATED', async () => {
      const key = `retry-${Date.now()}`;
      const body = { text: 'sent twice by a flaky client' };
      const first = await postWithKey(key, body);
      const retry = await postWithKey(key, body);
      expect(first.result?.statusCode).toBe(201);
      expect(retry.result?.statusCode).toBe(201);
      expect(retry.result?.body).toBe(first.result?.body);
      expect(retry.result?.headers?.['Idempotent-Replayed']).toBe('true');
      expect(first.result?.headers?.['Idempotent-Replayed']).toBeUndefined();
      const { post } = responseBody<CreatedBody>(first.result!);
      expect(await postsWithText(body.text)).toHaveLength(1);
      const created = (await publishedEvents()).filter(
        (e) => e.type === 'POST_CREATED' && e.payload.postId === post.postId,
      );
      expect(created).toHaveLength(1);
      expectTrace(retry.tree).notToHavePath('## create-post.handler', 'CreatePost');
    });

    it('refuses a key reused with another body (422) and a malformed key (400), creating nothing', async () => {
      const key = `reused-${Date.now()}`;
      expect((await postWithKey(key, { text: 'the original' })).result?.statusCode).toBe(201);
      const reused = await postWithKey(key, { text: 'something else' });
      expect(reused.result?.statusCode).toBe(422);
      expect(responseBody<{ error: { code: string } }>(reused.result!).error.code).toBe(
        'IDEMPOTENCY_KEY_REUSED',
      );
      const malformed = await postWithKey('no spaces allowed', { text: 'malformed key' });
      expect(malformed.result?.statusCode).toBe(400);
      expect(await postsWithText('something else')).toEqual([]);
      expect(await postsWithText('malformed key')).toEqual([]);
    });

    it('scopes keys to their caller: the same key from two users makes two posts', async () => {
      const other = { userId: 'user-grace', username: 'grace' };
      await testbed.aws.dynamodb.send(
        new PutCommand({
          TableName: testbed.aws.tableName('users'),
          Item: {
            ...userKeys.profile(other.userId),
            ...other,
            createdAt: new Date().toISOString(),
          },
        }),
      );
      const key = `shared-${Date.now()}`;
      const body = { text: 'same key, two authors' };
      const mine = await postWithKey(key, body);
      const theirs = await postWithKey(key, body, await testAccessToken(other));
      expect([mine.result?.statusCode, theirs.result?.statusCode]).toEqual([201, 201]);
      expect(await postsWithText(body.text)).toHaveLength(2);
    });
  });

  it('keeps the event in the outbox when Kinesis refuses it, and the relay publishes it later', async () => {
    const { result, tree } = await testbed.invoke(
      createPost,
      apiEvent({ method: 'POST', resource: '/posts', token, body: { text: 'Kinesis is down' } }),
      { STREAM_EVENTS: 'no-such-stream' },
    );
    expect(result?.statusCode).toBe(201);
    const { post } = responseBody<CreatedBody>(result!);
    const trace = expectTrace(tree);
    trace.node('PublishEvent').toBeError();
    trace.node('## create-post.handler').toBeOk().toHaveMetadata('outbox');

    const pending = (await postsTableItems()).find((item) => item.postId === post.postId);
    expect(pending?.outboxpk).toMatch(/^PENDING#[0-7]$/);
    const pendingEventIds = Object.keys(pending?.pendingEvents ?? {});
    expect(pendingEventIds).toHaveLength(1);
    expect((await publishedEvents()).some((e) => e.eventId === pendingEventIds[0])).toBe(false);

    const relay = await testbed.invoke(
      relayOutbox,
      apiEvent({ method: 'POST', resource: '/relay' }),
    );
    expect(relay.result).toEqual({ published: 1, failed: 0, voided: 0, rounds: 1 });
    expectTrace(relay.tree)
      .toHavePath('## relay-outbox.handler', 'ReadOutbox')
      .toHavePath('## relay-outbox.handler', 'PublishEvents', 'Kinesis')
      .toHavePath('## relay-outbox.handler', 'MarkEventsPublished');

    const relayed = (await publishedEvents()).find((e) => e.eventId === pendingEventIds[0]);
    expect(relayed).toMatchObject({ type: 'POST_CREATED', payload: { postId: post.postId } });
    const cleared = (await postsTableItems()).find((item) => item.postId === post.postId);
    expect(cleared?.outboxpk).toBeUndefined();
    expect(cleared?.pendingEvents).toEqual({});
  });

  it('never announces a post deleted before its POST_CREATED got out: Kinesis refused the create, then delete, then relay', async () => {
    const down = { STREAM_EVENTS: 'no-such-stream' };
    const created = await testbed.invoke(
      createPost,
      apiEvent({ method: 'POST', resource: '/posts', token, body: { text: 'short-lived' } }),
      down,
    );
    const { post } = responseBody<CreatedBody>(created.result!);
    const deleted = await testbed.invoke(
      join(__dirname, 'delete-post.ts'),
      apiEvent({
        method: 'DELETE',
        resource: '/posts/{postId}',
        pathParameters: { postId: post.postId },
        token,
      }),
      down,
    );
    expect(deleted.result?.statusCode).toBe(204);
    const tombstone = (await postsTableItems()).find((item) => item.postId === post.postId);
    expect(tombstone).toMatchObject({
      status: 'deleted',
      outboxpk: expect.stringMatching(/^PENDING#[0-7]$/),
    });
    expect(tombstone?.text).toBeUndefined();
    // The unpublished POST_CREATED (holding the text) went with the content.
    expect(
      Object.values((tombstone?.pendingEvents ?? {}) as Record<string, string>).map(
        (json) => (JSON.parse(json) as { type: string }).type,
      ),
    ).toEqual(['POST_DELETED']);

    const relay = await testbed.invoke(
      relayOutbox,
      apiEvent({ method: 'POST', resource: '/relay' }),
    );
    expect(relay.result).toEqual({ published: 1, failed: 0, voided: 0, rounds: 1 });
    const types = (await publishedEvents())
      .filter((e) => 'postId' in e.payload && e.payload.postId === post.postId)
      .map((e) => e.type);
    expect(types).toEqual(['POST_DELETED']);
    const cleared = (await postsTableItems()).find((item) => item.postId === post.postId);
    expect(cleared?.outboxpk).toBeUndefined();
  });

  it('drops, unpublished, a POST_CREATED still pending on a deleted post (a tombstone written before deletes voided it)', async () => {
    const created = await testbed.invoke(
      createPost,
      apiEvent({ method: 'POST', resource: '/posts', token, body: { text: 'old tombstone' } }),
      { STREAM_EVENTS: 'no-such-stream' },
    );
    const { post } = responseBody<CreatedBody>(created.result!);
    // What deleting wrote until now: the tombstone kept the pending POST_CREATED.
    const stale: Record<string, unknown> = {
      ...(await postsTableItems()).find((i) => i.postId === post.postId),
      status: 'deleted',
    };
    for (const gone of ['text', 'gsi1pk', 'gsi1sk']) delete stale[gone];
    await testbed.aws.dynamodb.send(
      new PutCommand({ TableName: testbed.aws.tableName('posts'), Item: stale }),
    );
    const relay = await testbed.invoke(
      relayOutbox,
      apiEvent({ method: 'POST', resource: '/relay' }),
    );
    expect(relay.result).toEqual({ published: 0, failed: 0, voided: 1, rounds: 1 });
    expect(
      (await publishedEvents()).some(
        (e) => 'postId' in e.payload && e.payload.postId === post.postId,
      ),
    ).toBe(false);
    const cleared = (await postsTableItems()).find((i) => i.postId === post.postId);
    expect(cleared?.outboxpk).toBeUndefined();
  });

  it('drains a backlog spread over the outbox partitions (and the legacy one), hundreds of events a round, with PutRecords', async () => {
    // What an outage of Kinesis leaves: posts written, their POST_CREATED still pending.
    const backlog = Array.from({ length: 1_200 }, (_, i) => {
      const post = newPost(author, { text: `backlog ${i}` });
      const event = createEvent('POST_CREATED', {
        postId: post.postId,
        authorId: post.authorId,
        createdAt: post.createdAt,
        text: post.text,
      });
      const item: Record<string, unknown> = { ...toPostItem(post, event) };
      // Some written before the index was spread, in its single partition.
      if (i % 10 === 0) item.outboxpk = LEGACY_OUTBOX_PARTITION;
      return { item, eventId: event.eventId };
    });
    await batchWriteWithRetries(
      testbed.aws.tableName('posts'),
      backlog.map(({ item }) => ({ PutRequest: { Item: item } })),
      { client: testbed.aws.dynamodb },
    );
    expect(new Set(backlog.map(({ item }) => item.outboxpk)).size).toBe(OUTBOX_SHARDS + 1);

    // Run after run (each within its time budget) until the outbox is empty.
    type Report = { published: number; failed: number; voided: number; rounds: number };
    const runs: Report[] = [];
    do {
      const relay = await testbed.invoke(
        relayOutbox,
        apiEvent({ method: 'POST', resource: '/relay' }),
      );
      runs.push(relay.result as unknown as Report);
    } while (runs[runs.length - 1].rounds > 0 && runs.length < 10);
    expect(runs.reduce((n, r) => n + r.published, 0)).toBe(1_200);
    expect(runs.every((r) => r.failed === 0 && r.voided === 0)).toBe(true);
    // Hundreds of posts per round: never one event at a time.
    expect(runs[0].published / runs[0].rounds).toBeGreaterThan(100);
    const published = new Set((await publishedEvents()).map((e) => e.eventId));
    expect(backlog.every(({ eventId }) => published.has(eventId))).toBe(true);
    const left = (await postsTableItems()).filter((item) => item.outboxpk !== undefined);
    expect(left).toEqual([]);
  });

  describe('bad input changes nothing', () => {
    const oversized = { text: 'x'.repeat(17 * 1024) };
    const cases: Array<[string, () => Promise<Parameters<typeof apiEvent>[0]>, number, string]> = [
      [
        'missing text',
        async () => ({ method: 'POST', resource: '/posts', token, body: {} }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'text of the wrong type',
        async () => ({ method: 'POST', resource: '/posts', token, body: { text: 42 } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'blank text',
        async () => ({ method: 'POST', resource: '/posts', token, body: { text: '   ' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'text too long',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: 'é'.repeat(2001) },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'control characters',
        async () => ({ method: 'POST', resource: '/posts', token, body: { text: 'bell\u0007' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'image size without type',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: 'hi', imageSize: 10 },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'image type without size (an unbounded upload)',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: 'hi', imageContentType: 'image/png' },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unsupported image type',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: 'hi', imageContentType: 'text/html', imageSize: 10 },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'image too large',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: 'hi', imageContentType: 'image/png', imageSize: 6 * 1024 * 1024 },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'malformed JSON',
        async () => ({ method: 'POST', resource: '/posts', token, body: '{"text": ' }),
        400,
        'BAD_REQUEST',
      ],
      [
        'oversized body',
        async () => ({ method: 'POST', resource: '/posts', token, body: oversized }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'missing JWT',
        async () => ({ method: 'POST', resource: '/posts', body: { text: 'hi' } }),
        401,
        'UNAUTHORIZED',
      ],
      [
        'expired JWT',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token: await testAccessToken(author, { expired: true }),
          body: { text: 'hi' },
        }),
        401,
        'UNAUTHORIZED',
      ],
      [
        'forged JWT',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token: await testAccessToken(author, { forged: true }),
          body: { text: 'hi' },
        }),
        401,
        'UNAUTHORIZED',
      ],
      [
        'token of an unknown user',
        async () => ({
          method: 'POST',
          resource: '/posts',
          token: await testAccessToken({ userId: 'ghost', username: 'ghost' }),
          body: { text: 'hi' },
        }),
        401,
        'UNAUTHORIZED',
      ],
    ];

    it.each(cases)('%s', async (_name, build, status, code) => {
      const before = (await postsTableItems()).length;
      const eventsBefore = (await publishedEvents()).length;
      const { result, tree } = await testbed.invoke(createPost, apiEvent(await build()));
      expect(result?.statusCode).toBe(status);
      expect(responseBody<{ error: { code: string } }>(result!).error.code).toBe(code);
      expectTrace(tree)
        .node('## create-post.handler')
        .toHaveAnnotation('errorType', code)
        .toBeError();
      expect((await postsTableItems()).length).toBe(before);
      expect((await publishedEvents()).length).toBe(eventsBefore);
    });

    it('lists every field error of the body', async () => {
      const { result } = await testbed.invoke(
        createPost,
        apiEvent({
          method: 'POST',
          resource: '/posts',
          token,
          body: { text: '', imageSize: 'big' },
        }),
      );
      expect(
        responseBody<{ error: { fields: Record<string, string[]> } }>(result!).error.fields,
      ).toEqual({
        'body.text': ['Text must not be empty'],
        'body.imageSize': [expect.any(String)],
      });
    });
  });
});
