import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { followKeys, userKeys } from '@traced-social/tables';
import { startLocalAws, type LocalAws } from '@traced-social/aws-clients/testing';
import { follow, unfollow, type Announce } from './follow-store';

describe('follow store (dynalite): one settled edge per follow, announced once', () => {
  let aws: LocalAws;
  const savedEnv = { ...process.env };
  const announced: string[] = [];
  const announce: Announce = async (_edge, opId) => void announced.push(opId);

  beforeAll(async () => {
    aws = await startLocalAws();
    Object.assign(process.env, aws.env, { NODE_ENV: 'test' });
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
    for (const id of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']) {
      await aws.dynamodb.send(
        new PutCommand({
          TableName: aws.tableName('users'),
          Item: {
            ...userKeys.profile(id),
            userId: id,
            username: id,
            followerCount: 0,
            followingCount: 0,
          },
        }),
      );
    }
  });
  afterAll(async () => {
    process.env = savedEnv;
    await aws.stop();
  });

  const profile = async (id: string) =>
    (
      await aws.dynamodb.send(
        new GetCommand({ TableName: aws.tableName('users'), Key: userKeys.profile(id) }),
      )
    ).Item!;
  const settledFollowers = async (id: string) =>
    (
      await aws.dynamodb.send(
        new QueryCommand({
          TableName: aws.tableName('follows'),
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :u',
          FilterExpression: 'attribute_not_exists(pending)',
          ExpressionAttributeValues: { ':u': followKeys.userPartition(id) },
        }),
      )
    ).Items ?? [];

  it('settles one follow however many concurrent requests make it, and announces it once', async () => {
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => follow('a', 'b', announce)));
    expect(outcomes.filter((o) => o === 'changed').length).toBeGreaterThanOrEqual(1);
    expect(await settledFollowers('b')).toHaveLength(1);
    expect(new Set(announced).size).toBe(1);
    // The profiles are not touched: counts follow the follows table's stream (decision 1400).
    expect(await profile('b')).toMatchObject({ followerCount: 0, followingCount: 0 });
    expect((await profile('a')).countOps).toBeUndefined();
  });

  it('settles concurrent followers of one user', async () => {
    await Promise.all(['c', 'd', 'e', 'f', 'g'].map((id) => follow(id, 'a', announce)));
    expect(await settledFollowers('a')).toHaveLength(5);
  });

  it('ends consistent after a storm of follows and unfollows of one pair', async () => {
    const storm = Array.from({ length: 12 }, (_, i) =>
      i % 2 === 0 ? follow('h', 'i', announce) : unfollow('h', 'i', announce),
    );
    await Promise.all(storm);
    // Whatever the storm left half-done, the next request of the pair finishes it.
    await follow('h', 'i', announce);
    expect(await settledFollowers('i')).toHaveLength(1);
    await unfollow('h', 'i', announce);
    const edge = await aws.dynamodb.send(
      new GetCommand({ TableName: aws.tableName('follows'), Key: followKeys.edge('h', 'i') }),
    );
    expect(edge.Item).toBeUndefined();
  });

  it('resumes a follow that failed while announcing, settling it once', async () => {
    const failing: Announce = async () => {
      throw new Error('Kinesis unavailable');
    };
    await expect(follow('e', 'g', failing)).rejects.toThrow('Kinesis unavailable');
    expect(await settledFollowers('g')).toHaveLength(0);
    expect(await follow('e', 'g', announce)).toBe('changed');
    expect(await settledFollowers('g')).toHaveLength(1);
  });
});
