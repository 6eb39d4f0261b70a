import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { userKeys } from '@traced-social/tables';
import { startLocalAws, type LocalAws } from '@traced-social/aws-clients/testing';
import { claimEmail, claimUsername, createAccount } from './accounts-store';

describe('accounts store (dynalite)', () => {
  let aws: LocalAws;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    aws = await startLocalAws();
    Object.assign(process.env, aws.env, { NODE_ENV: 'test' });
    delete process.env.AWS_XRAY_DAEMON_ADDRESS;
  });
  afterAll(async () => {
    process.env = savedEnv;
    await aws.stop();
  });

  it('lets exactly one of many concurrent registrations claim an email', async () => {
    const now = new Date();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimEmail('race@example.com', `user-${i}`, now)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const { Item } = await aws.dynamodb.send(
      new GetCommand({
        TableName: aws.tableName('users'),
        Key: userKeys.emailClaim('race@example.com'),
      }),
    );
    expect(Item?.userId).toBe(`user-${outcomes.indexOf(true)}`);
  });

  it('takes over a claim abandoned by a registration that never created its account', async () => {
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    expect(await claimUsername('orphan', 'dead-registration', longAgo)).toBe(true);
    expect(await claimUsername('orphan', 'new-user', new Date())).toBe(true);
  });

  it('keeps a claim whose account exists, however old', async () => {
    const longAgo = new Date(Date.now() - 60 * 60 * 1000);
    expect(await claimUsername('settled', 'owner', longAgo)).toBe(true);
    await createAccount({
      userId: 'owner',
      email: 'owner@example.com',
      username: 'settled',
      passwordHash: '$argon2id$placeholder',
      createdAt: longAgo.toISOString(),
    });
    expect(await claimUsername('settled', 'intruder', new Date())).toBe(false);
  });

  it('keeps a fresh claim (a registration in progress)', async () => {
    expect(await claimUsername('busy', 'first', new Date())).toBe(true);
    expect(await claimUsername('busy', 'second', new Date())).toBe(false);
  });
});
