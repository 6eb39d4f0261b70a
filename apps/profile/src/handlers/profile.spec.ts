import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { followKeys, userKeys, type UserProfile } from '@traced-social/tables';
import { decodeEvent } from '@traced-social/events';
import {
  responseBody,
  startApiTestbed,
  testAccessToken,
  type ApiEventOptions,
  type ApiTestbed,
} from '@traced-social/http/testing';
import { expectTrace } from '@traced-social/observability/testing';
import { parseTraceHeader } from '@traced-social/trace-model';

const handler = (name: string) => join(__dirname, `${name}.ts`);
type User = { userId: string; username: string; token: string };

describe('profile', () => {
  let testbed: ApiTestbed;
  const users: Record<string, User> = {};

  const seedUser = async (username: string): Promise<User> => {
    const user = { userId: `user-${username}`, username };
    const now = new Date().toISOString();
    const table = testbed.aws.tableName('users');
    await testbed.aws.dynamodb.send(
      new PutCommand({
        TableName: table,
        Item: {
          ...userKeys.profile(user.userId),
          ...user,
          displayName: username,
          bio: '',
          followerCount: 0,
          followingCount: 0,
          createdAt: now,
          updatedAt: now,
        },
      }),
    );
    await testbed.aws.dynamodb.send(
      new PutCommand({
        TableName: table,
        Item: { ...userKeys.usernameClaim(username), userId: user.userId },
      }),
    );
    return { ...user, token: await testAccessToken(user) };
  };

  beforeAll(async () => {
    testbed = await startApiTestbed('profile');
    for (const name of ['ada', 'grace', 'linus', 'barbara', 'edsger'])
      users[name] = await seedUser(name);
  });
  afterAll(() => testbed.stop());

  const invoke = (name: string, options: ApiEventOptions, env?: Record<string, string>) =>
    testbed.request(handler(name), options, env);
  const storedProfile = async (userId: string) =>
    (
      await testbed.aws.dynamodb.send(
        new GetCommand({
          TableName: testbed.aws.tableName('users'),
          Key: userKeys.profile(userId),
        }),
      )
    ).Item;
  const tableSnapshot = async () =>
    JSON.stringify(
      await Promise.all(
        (['users', 'follows'] as const).map(
          async (table) =>
            (
              await testbed.aws.dynamodb.send(
                new ScanCommand({ TableName: testbed.aws.tableName(table) }),
              )
            ).Items,
        ),
      ),
    );
  const events = async () => (await testbed.aws.readStream('events')).map((d) => decodeEvent(d));

  describe('reading profiles', () => {
    it('GET /profiles/{userId} answers the profile, traced with userId', async () => {
      const { result, tree } = await invoke('get-profile', {
        method: 'GET',
        resource: '/profiles/{userId}',
        pathParameters: { userId: users.grace.userId },
        token: users.ada.token,
      });
      expect(result.statusCode).toBe(200);
      expect(responseBody<{ profile: UserProfile }>(result).profile).toMatchObject({
        userId: users.grace.userId,
        username: 'grace',
        followerCount: 0,
      });
      const handlerNode = expectTrace(tree).node('## get-profile.handler');
      expect(handlerNode.childNames()).toEqual([
        'JWT Verification',
        'Request Validation',
        'GetUserProfile',
      ]);
      handlerNode
        .toHaveAnnotation('operationType', 'GET_PROFILE')
        .toHaveAnnotation('userId', users.ada.userId);
    });

    it('GET /profiles/by-username/{username} finds a user whatever the letter case; 404 otherwise', async () => {
      const byUsername = (username: string) =>
        invoke('get-profile-by-username', {
          method: 'GET',
          resource: '/profiles/by-username/{username}',
          pathParameters: { username },
          token: users.ada.token,
        });
      const found = await byUsername('GRACE');
      expect(found.result.statusCode).toBe(200);
      expect(responseBody<{ profile: UserProfile }>(found.result).profile.userId).toBe(
        users.grace.userId,
      );
      const missing = await byUsername('nobody');
      expect(missing.result.statusCode).toBe(404);
    });

    it('GET /profiles/{userId} answers 404 for an unknown user', async () => {
      const { result } = await invoke('get-profile', {
        method: 'GET',
        resource: '/profiles/{userId}',
        pathParameters: { userId: 'ghost' },
        token: users.ada.token,
      });
      expect(result.statusCode).toBe(404);
    });
  });

  describe('PATCH /profiles/me', () => {
    it("changes only the caller's own profile", async () => {
      const graceBefore = await storedProfile(users.grace.userId);
      const { result, tree } = await invoke('update-profile', {
        method: 'PATCH',
        resource: '/profiles/me',
        token: users.ada.token,
        body: { displayName: 'Ada Lovelace', bio: 'Analytical engines.\nPoetical science.' },
      });
      expect(result.statusCode).toBe(200);
      expect(responseBody<{ profile: UserProfile }>(result).profile).toMatchObject({
        userId: users.ada.userId,
        displayName: 'Ada Lovelace',
      });
      expect(await storedProfile(users.ada.userId)).toMatchObject({ displayName: 'Ada Lovelace' });
      expect(await storedProfile(users.grace.userId)).toEqual(graceBefore);
      expectTrace(tree).toHavePath('## update-profile.handler', 'UpdateProfile', 'DynamoDB');
    });
  });

  describe('POST /profiles/me/avatar-upload', () => {
    /** Asks, as `user`, to upload `image` as an avatar: the invocation and the upload answered. */
    const requestUpload = async (user: User, contentType: string, image: Buffer) => {
      const invocation = await invoke('create-avatar-upload', {
        method: 'POST',
        resource: '/profiles/me/avatar-upload',
        token: user.token,
        body: { contentType, size: image.length },
      });
      const { upload } = responseBody<{
        upload: { url: string; key: string; headers: Record<string, string> };
      }>(invocation.result);
      return { ...invocation, upload };
    };

    it('answers a presigned PUT (type and size signed) and points the profile at the key', async () => {
      const image = Buffer.from('avatar-bytes');
      const { result, tree, upload } = await requestUpload(users.linus, 'image/webp', image);
      expect(result.statusCode).toBe(200);
      const { profile } = responseBody<{ profile: UserProfile }>(result);
      expect(upload.key).toMatch(
        new RegExp(`^avatars/${users.linus.userId}/[0-9a-f-]{36}\\.webp$`),
      );
      expect(profile.avatarKey).toBe(upload.key);
      expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
        expect.arrayContaining(['content-length', 'content-type']),
      );
      expect(expectTrace(tree).node('## create-avatar-upload.handler').childNames()).toEqual([
        'JWT Verification',
        'Request Validation',
        'GeneratePresignedUrl',
        'UpdateProfile',
      ]);
      const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image });
      expect(put.status).toBe(200);
    });

    it('deletes the avatar it replaces from the media bucket', async () => {
      const inBucket = (key: string) =>
        testbed.aws.s3
          .send(new HeadObjectCommand({ Bucket: testbed.aws.bucketName('media'), Key: key }))
          .then(() => true)
          .catch((error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)));
      const newAvatar = async () => {
        const image = Buffer.from('an-avatar');
        const { upload, tree } = await requestUpload(users.barbara, 'image/png', image);
        await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image });
        return { key: upload.key, tree };
      };
      const first = await newAvatar();
      expect(await inBucket(first.key)).toBe(true);
      expectTrace(first.tree).notToHavePath('## create-avatar-upload.handler', 'DeleteMedia');
      const second = await newAvatar();
      expectTrace(second.tree).toHavePath('## create-avatar-upload.handler', 'DeleteMedia');
      expect(await inBucket(first.key)).toBe(false);
      expect(await inBucket(second.key)).toBe(true);
      expect((await storedProfile(users.barbara.userId))?.avatarKey).toBe(second.key);
    });
  });

  describe('follow graph', () => {
    const followRoute = (user: User, target: string, method: 'POST' | 'DELETE') => ({
      method,
      resource: '/profiles/{userId}/follow',
      pathParameters: { userId: target },
      token: user.token,
    });
    /** What the listings show (the counts follow the stream: follow-counts.cloud.spec.ts). */
    const counts = async (user: User) => {
      const listed = async (direction: 'followers' | 'following') =>
        responseBody<{ users: unknown[] }>(
          (
            await invoke(`list-${direction}`, {
              method: 'GET',
              resource: `/profiles/{userId}/${direction}`,
              pathParameters: { userId: user.userId },
              token: user.token,
            })
          ).result,
        ).users.length;
      return { followers: await listed('followers'), following: await listed('following') };
    };

    it('follows once however often asked, lists both sides and publishes USER_FOLLOWED', async () => {
      const { result, tree, traceId } = await invoke(
        'follow-user',
        followRoute(users.ada, users.grace.userId, 'POST'),
      );
      expect(result.statusCode).toBe(200);
      expect(responseBody(result)).toEqual({ following: true, changed: true });
      const again = await invoke('follow-user', followRoute(users.ada, users.grace.userId, 'POST'));
      expect(responseBody(again.result)).toEqual({ following: true, changed: false });

      expect(await counts(users.grace)).toEqual({ followers: 1, following: 0 });
      expect(await counts(users.ada)).toEqual({ followers: 0, following: 1 });

      const followed = (await events()).filter(
        (e) => e.type === 'USER_FOLLOWED' && e.payload.followerId === users.ada.userId,
      );
      expect(followed).toHaveLength(1);
      expect(parseTraceHeader(followed[0].traceContext)?.root).toBe(traceId);

      const trace = expectTrace(tree);
      trace
        .node('## follow-user.handler')
        .toHaveAnnotation('operationType', 'FOLLOW_USER')
        .toHaveAnnotation('userId', users.ada.userId)
        .toHaveAnnotation('followeeId', users.grace.userId);
      trace.toHavePath('FollowUser', 'PublishEvent', 'Kinesis');
    });

    it('unfollows idempotently, restoring the listings and publishing USER_UNFOLLOWED', async () => {
      await invoke('follow-user', followRoute(users.barbara, users.edsger.userId, 'POST'));
      const { result } = await invoke(
        'unfollow-user',
        followRoute(users.barbara, users.edsger.userId, 'DELETE'),
      );
      expect(result.statusCode).toBe(204);
      expect(
        (await invoke('unfollow-user', followRoute(users.barbara, users.edsger.userId, 'DELETE')))
          .result.statusCode,
      ).toBe(204);
      expect(await counts(users.edsger)).toEqual({ followers: 0, following: 0 });
      expect(await counts(users.barbara)).toEqual({ followers: 0, following: 0 });
      expect(
        (await events()).filter(
          (e) => e.type === 'USER_UNFOLLOWED' && e.payload.followerId === users.barbara.userId,
        ),
      ).toHaveLength(1);
    });

    it('refuses following yourself (400) and unknown users (404), changing nothing', async () => {
      const before = await tableSnapshot();
      expect(
        (await invoke('follow-user', followRoute(users.ada, users.ada.userId, 'POST'))).result
          .statusCode,
      ).toBe(400);
      expect(
        (await invoke('follow-user', followRoute(users.ada, 'ghost', 'POST'))).result.statusCode,
      ).toBe(404);
      expect(await tableSnapshot()).toBe(before);
    });

    it('when Kinesis fails the follow fails, and the retry finishes it, listed once', async () => {
      const failed = await invoke(
        'follow-user',
        followRoute(users.linus, users.edsger.userId, 'POST'),
        {
          STREAM_EVENTS: 'no-such-stream',
        },
      );
      expect(failed.result.statusCode).toBe(500);
      expect(responseBody<{ error: { message: string } }>(failed.result).error.message).not.toMatch(
        /stream/i,
      );
      const listed = await invoke('list-followers', {
        method: 'GET',
        resource: '/profiles/{userId}/followers',
        pathParameters: { userId: users.edsger.userId },
        token: users.edsger.token,
      });
      expect(responseBody<{ users: unknown[] }>(listed.result).users).toEqual([]);

      const retried = await invoke(
        'follow-user',
        followRoute(users.linus, users.edsger.userId, 'POST'),
      );
      expect(retried.result.statusCode).toBe(200);
      expect(await counts(users.edsger)).toEqual({ followers: 1, following: 0 });
      expect(await counts(users.linus)).toEqual({ followers: 0, following: 1 });
      const edge = await testbed.aws.dynamodb.send(
        new GetCommand({
          TableName: testbed.aws.tableName('follows'),
          Key: followKeys.edge(users.linus.userId, users.edsger.userId),
        }),
      );
      expect(edge.Item?.pending).toBeUndefined();
      expect((await events()).filter((e) => e.eventId === edge.Item?.opId)).toHaveLength(1);
    });

    it('pages followers and following with cursors', async () => {
      for (const name of ['ada', 'linus', 'barbara']) {
        await invoke('follow-user', followRoute(users[name], users.grace.userId, 'POST'));
      }
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const { result } = await invoke('list-followers', {
          method: 'GET',
          resource: '/profiles/{userId}/followers',
          pathParameters: { userId: users.grace.userId },
          query: { limit: '2', ...(cursor ? { cursor } : {}) },
          token: users.ada.token,
        });
        expect(result.statusCode).toBe(200);
        const page = responseBody<{ users: Array<{ userId: string }>; nextCursor?: string }>(
          result,
        );
        expect(page.users.length).toBeLessThanOrEqual(2);
        seen.push(...page.users.map((u) => u.userId));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen.sort()).toEqual(
        [users.ada.userId, users.barbara.userId, users.linus.userId].sort(),
      );

      const following = await invoke('list-following', {
        method: 'GET',
        resource: '/profiles/{userId}/following',
        pathParameters: { userId: users.ada.userId },
        token: users.ada.token,
      });
      expect(
        responseBody<{ users: Array<{ userId: string }> }>(following.result).users.map(
          (u) => u.userId,
        ),
      ).toEqual([users.grace.userId]);
    });

    it("refuses another listing's cursor (400)", async () => {
      const { result } = await invoke('list-followers', {
        method: 'GET',
        resource: '/profiles/{userId}/followers',
        pathParameters: { userId: users.grace.userId },
        query: { limit: '1' },
        token: users.ada.token,
      });
      const { nextCursor } = responseBody<{ nextCursor: string }>(result);
      const misused = await invoke('list-followers', {
        method: 'GET',
        resource: '/profiles/{userId}/followers',
        pathParameters: { userId: users.edsger.userId },
        query: { cursor: nextCursor },
        token: users.ada.token,
      });
      expect(misused.result.statusCode).toBe(400);
    });
  });

  describe('bad input changes nothing', () => {
    const expiredOrForged = async () => ({
      expired: await testAccessToken({ userId: 'user-ada', username: 'ada' }, { expired: true }),
      forged: await testAccessToken({ userId: 'user-ada', username: 'ada' }, { forged: true }),
    });
    /** A route on grace's profile (`{userId}` in its path). */
    const onGrace = (method: string, resource: string): Omit<ApiEventOptions, 'token'> => ({
      method,
      resource,
      pathParameters: { userId: 'user-grace' },
    });
    const routes: Array<[string, Omit<ApiEventOptions, 'token'>]> = [
      ['get-profile', onGrace('GET', '/profiles/{userId}')],
      [
        'get-profile-by-username',
        {
          method: 'GET',
          resource: '/profiles/by-username/{username}',
          pathParameters: { username: 'grace' },
        },
      ],
      ['update-profile', { method: 'PATCH', resource: '/profiles/me', body: { bio: 'x' } }],
      [
        'create-avatar-upload',
        {
          method: 'POST',
          resource: '/profiles/me/avatar-upload',
          body: { contentType: 'image/png', size: 10 },
        },
      ],
      ['follow-user', onGrace('POST', '/profiles/{userId}/follow')],
      ['unfollow-user', onGrace('DELETE', '/profiles/{userId}/follow')],
      ['list-followers', onGrace('GET', '/profiles/{userId}/followers')],
      ['list-following', onGrace('GET', '/profiles/{userId}/following')],
    ];

    it.each(routes)('%s: missing, expired and forged JWT → 401', async (name, options) => {
      const tokens = await expiredOrForged();
      const before = await tableSnapshot();
      for (const token of [undefined, tokens.expired, tokens.forged]) {
        const { result } = await invoke(name, { ...options, ...(token ? { token } : {}) });
        expect(result.statusCode).toBe(401);
      }
      expect(await tableSnapshot()).toBe(before);
    });

    const bodies: Array<[string, string, unknown, number]> = [
      ['update-profile', 'empty object', {}, 400],
      ['update-profile', 'wrong types', { displayName: 5, bio: [] }, 400],
      ['update-profile', 'unknown field', { followerCount: 1000 }, 400],
      ['update-profile', 'control characters', { displayName: 'evil\u001b[2J' }, 400],
      ['update-profile', 'too long', { bio: 'b'.repeat(301) }, 400],
      ['update-profile', 'malformed JSON', '{"bio":', 400],
      ['update-profile', 'oversized body', { bio: 'b'.repeat(20000) }, 413],
      ['create-avatar-upload', 'missing fields', {}, 400],
      ['create-avatar-upload', 'wrong types', { contentType: 1, size: '10' }, 400],
      ['create-avatar-upload', 'unsupported type', { contentType: 'image/svg+xml', size: 10 }, 400],
      [
        'create-avatar-upload',
        'too large',
        { contentType: 'image/png', size: 3 * 1024 * 1024 },
        400,
      ],
      ['create-avatar-upload', 'malformed JSON', 'contentType=image/png', 400],
      [
        'create-avatar-upload',
        'oversized body',
        { contentType: 'image/png', size: 1, pad: 'p'.repeat(20000) },
        413,
      ],
    ];

    it.each(bodies)('%s: %s → %d', async (name, _case, body, status) => {
      const before = await tableSnapshot();
      const route = routes.find(([n]) => n === name)![1];
      const { result } = await invoke(name, { ...route, body, token: users.barbara.token });
      expect(result.statusCode).toBe(status);
      expect(await tableSnapshot()).toBe(before);
    });

    it.each([
      ['get-profile', '/profiles/{userId}', { userId: 'x'.repeat(200) }],
      ['follow-user', '/profiles/{userId}/follow', { userId: 'x'.repeat(200) }],
      ['get-profile-by-username', '/profiles/by-username/{username}', { username: 'no spaces!' }],
    ])('%s: invalid path parameter → 400', async (name, resource, pathParameters) => {
      const before = await tableSnapshot();
      const { result } = await invoke(name, {
        method: 'GET',
        resource,
        pathParameters,
        token: users.barbara.token,
      });
      expect(result.statusCode).toBe(400);
      expect(await tableSnapshot()).toBe(before);
    });

    it('refuses a limit out of range and a forged cursor (400)', async () => {
      const queries: Array<Record<string, string>> = [
        { limit: '0' },
        { limit: 'many' },
        { cursor: 'not*a*cursor' },
        { cursor: Buffer.from('[1]').toString('base64url') },
      ];
      for (const query of queries) {
        const { result } = await invoke('list-following', {
          method: 'GET',
          resource: '/profiles/{userId}/following',
          pathParameters: { userId: users.ada.userId },
          query,
          token: users.ada.token,
        });
        expect(result.statusCode).toBe(400);
      }
    });
  });
});
