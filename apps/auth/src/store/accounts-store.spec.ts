import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalAws, type LocalAws } from '@traced-social/aws-clients/testing';
import { claimEmail, claimUsername, createAccount, findCredentialsByEmail } from './accounts-store';
import { credentialKeys } from './credential-items';

describe('accounts store (dynalite)', () => {
  let aws: LocalAws;
  const savedEnv = { ...process.env };
  const longAgo = () => new Date(Date.now() - 60 * 60 * 1000);
  const login = (email: string, userId: string) => ({
    email,
    userId,
    username: userId,
    passwordHash: '$argon2id$placeholder',
  });

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
      Array.from({ length: 8 }, (_, i) => claimEmail(login('race@example.com', `user-${i}`), now)),
    );
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const { Item } = await aws.dynamodb.send(
      new GetCommand({
        TableName: aws.tableName('credentials'),
        Key: credentialKeys.login('race@example.com'),
      }),
    );
    expect(Item).toMatchObject({ userId: `user-${outcomes.indexOf(true)}`, status: 'pending' });
    // A registration in progress is no account to sign in to.
    expect(await findCredentialsByEmail('race@example.com')).toBeUndefined();
  });

  it('takes over claims abandoned by a registration that never created its account', async () => {
    expect(await claimUsername('orphan', 'dead-registration', longAgo())).toBe(true);
    expect(await claimUsername('orphan', 'new-user', new Date())).toBe(true);
    expect(await claimEmail(login('orphan@example.com', 'dead-registration'), longAgo())).toBe(
      true,
    );
    expect(await claimEmail(login('orphan@example.com', 'new-user'), new Date())).toBe(true);
  });

  it('keeps claims whose account exists, however old, and signs in with them', async () => {
    const then = longAgo();
    expect(await claimEmail(login('owner@example.com', 'owner'), then)).toBe(true);
    expect(await claimUsername('settled', 'owner', then)).toBe(true);
    await createAccount({
      userId: 'owner',
      email: 'owner@example.com',
      username: 'settled',
      createdAt: then.toISOString(),
    });
    expect(await claimUsername('settled', 'intruder', new Date())).toBe(false);
    expect(await claimEmail(login('owner@example.com', 'intruder'), new Date())).toBe(false);
    expect(await findCredentialsByEmail('Owner@Example.com')).toEqual({
      userId: 'owner',
      username: 'owner',
      passwordHash: '$argon2id$placeholder',
    });
  });

  it('keeps a fresh claim (a registration in progress)', async () => {
    expect(await claimUsername('busy', 'first', new Date())).toBe(true);
    expect(await claimUsername('busy', 'second', new Date())).toBe(false);
    expect(await claimEmail(login('busy@example.com', 'first'), new Date())).toBe(true);
    expect(await claimEmail(login('busy@example.com', 'second'), new Date())).toBe(false);
  });
});
