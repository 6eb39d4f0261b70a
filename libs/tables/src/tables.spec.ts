import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalAws, type LocalAws } from '@traced-social/aws-clients/testing';
import {
  expectTrace,
  invokeAsLambda,
  useSegmentCapture,
} from '@traced-social/observability/testing';
import { postItemKey, userKeys, type PostSummary, type UserProfile } from './index';

describe('shared traced reads against the emulators', () => {
  let aws: LocalAws;
  const capture = useSegmentCapture();
  const put = (table: 'users' | 'posts', Item: Record<string, unknown>) =>
    aws.dynamodb.send(new PutCommand({ TableName: aws.tableName(table), Item }));

  beforeAll(async () => {
    aws = await startLocalAws();
    const createdAt = '2026-01-01T00:00:00.000Z';
    await put('users', { ...userKeys.profile('u1'), userId: 'u1', username: 'ada', createdAt });
    for (const [postId, status] of [
      ['p1', 'active'],
      ['p2', 'deleted'],
    ]) {
      await put('posts', { ...postItemKey(postId), postId, authorId: 'u1', createdAt, status });
    }
  });
  afterAll(() => aws.stop());

  it('reads a profile and live posts (not tombstones), each read a subsegment with its DynamoDB call', async () => {
    const { result, tree } = await invokeAsLambda<
      { userId: string; postIds: string[] },
      { profile?: UserProfile; posts: (PostSummary | undefined)[] }
    >({
      capture,
      handler: join(__dirname, '__fixtures__', 'read-handler.ts'),
      serviceName: 'tables-test',
      env: { ...aws.env, NODE_ENV: 'test' },
      event: { userId: 'u1', postIds: ['p1', 'p2', 'p3'] },
    });
    expect(result?.profile).toMatchObject({
      userId: 'u1',
      username: 'ada',
      displayName: 'ada',
      bio: '',
      followerCount: 0,
    });
    expect(result?.posts).toEqual([
      { postId: 'p1', authorId: 'u1', createdAt: '2026-01-01T00:00:00.000Z' },
      undefined,
      undefined,
    ]);

    const trace = expectTrace(tree).toBeComplete();
    expect(trace.node('## read-handler.handler').childNames()).toEqual([
      'GetUserProfile',
      'GetPost',
      'GetPost',
      'GetPost',
    ]);
    trace.toHavePath('GetUserProfile', 'DynamoDB').toHavePath('GetPost', 'DynamoDB');
  });
});
