import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type PutCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import { userKeys } from '@traced-social/tables';
import { credentialKeys } from './credential-items';

const usersTable = () => tableName('users');
const credentialsTable = () => tableName('credentials');

/** A claim older than this whose account never came to exist was left by a failed register. */
const ABANDONED_CLAIM_MS = 5 * 60 * 1000;

type Key = { pk: string; sk: string };

/**
 * Claims a unique value with a conditional write: of two concurrent registrations exactly one
 * wins, with no read-then-write window. A claim left behind by a registration that died before
 * creating the account is taken over after a grace period (`abandoned` says which ones).
 */
async function claim(
  name: string,
  table: string,
  item: Key & { userId: string; claimedAt: string } & Record<string, unknown>,
  abandoned: (existing: Record<string, unknown>) => Promise<boolean>,
): Promise<boolean> {
  return tracedOperation(name, async () => {
    traceDynamoDBOperation('PutItem', table, { userId: item.userId });
    if (await putIf(table, item, { ConditionExpression: 'attribute_not_exists(pk)' })) return true;
    const { Item: existing } = await documentClient().send(
      new GetCommand({ TableName: table, Key: { pk: item.pk, sk: item.sk }, ConsistentRead: true }),
    );
    if (!existing || !(await abandoned(existing))) return false;
    return putIf(table, item, {
      ConditionExpression: 'userId = :previous',
      ExpressionAttributeValues: { ':previous': existing.userId },
    });
  });
}

/** Puts `item` if `condition` holds: false (nothing written) when it does not. */
async function putIf(
  table: string,
  item: Record<string, unknown>,
  condition: Pick<PutCommandInput, 'ConditionExpression' | 'ExpressionAttributeValues'>,
): Promise<boolean> {
  try {
    await documentClient().send(new PutCommand({ TableName: table, Item: item, ...condition }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

const olderThanGrace = (item: Record<string, unknown>, now: Date): boolean =>
  now.getTime() - Date.parse(String(item.claimedAt)) > ABANDONED_CLAIM_MS;

/** What registering writes for an email: its claim and, with it, the sign-in record. */
export interface NewLogin {
  email: string;
  userId: string;
  username: string;
  passwordHash: string;
}

/**
 * Claims an email in the credentials table (decision 1304): the claim is the sign-in record, with
 * the password hash, `pending` until the account exists (sign-in ignores it until then).
 */
export const claimEmail = (login: NewLogin, now: Date) =>
  claim(
    'ClaimEmail',
    credentialsTable(),
    {
      ...credentialKeys.login(login.email),
      userId: login.userId,
      username: login.username,
      passwordHash: login.passwordHash,
      status: 'pending',
      claimedAt: now.toISOString(),
    },
    async (existing) => existing.status === 'pending' && olderThanGrace(existing, now),
  );

/** Claims a username (lower case) in the users table; abandoned when no profile came of it. */
export const claimUsername = (username: string, userId: string, now: Date) =>
  claim(
    'ClaimUsername',
    usersTable(),
    { ...userKeys.usernameClaim(username), userId, claimedAt: now.toISOString() },
    async (existing) => {
      if (!olderThanGrace(existing, now)) return false;
      const { Item } = await documentClient().send(
        new GetCommand({
          TableName: usersTable(),
          Key: userKeys.profile(String(existing.userId)),
          ConsistentRead: true,
        }),
      );
      return !Item;
    },
  );

/** Gives a claim back (only if it is still this user's). */
async function release(table: string, key: Key, userId: string): Promise<void> {
  await tracedOperation('ReleaseClaim', async () => {
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: table,
          Key: key,
          ConditionExpression: 'userId = :me',
          ExpressionAttributeValues: { ':me': userId },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
}

export const releaseEmail = (email: string, userId: string) =>
  release(credentialsTable(), credentialKeys.login(email), userId);

export const releaseUsername = (username: string, userId: string) =>
  release(usersTable(), userKeys.usernameClaim(username), userId);

export interface NewAccount {
  userId: string;
  email: string;
  username: string;
  createdAt: string;
}

/**
 * Makes the account real once its email and username are claimed, as "CreateUser": the public
 * profile (users table), then the sign-in record turns `active` (credentials table).
 */
export async function createAccount(account: NewAccount): Promise<void> {
  await tracedOperation('CreateUser', async () => {
    traceDynamoDBOperation('PutItem', usersTable(), { userId: account.userId });
    await documentClient().send(
      new PutCommand({
        TableName: usersTable(),
        Item: {
          ...userKeys.profile(account.userId),
          userId: account.userId,
          username: account.username,
          displayName: account.username,
          bio: '',
          followerCount: 0,
          followingCount: 0,
          // Markers of follow operations already counted (see the profile app's follow store).
          countOps: {},
          createdAt: account.createdAt,
          updatedAt: account.createdAt,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    await documentClient().send(
      new UpdateCommand({
        TableName: credentialsTable(),
        Key: credentialKeys.login(account.email),
        ConditionExpression: 'userId = :me',
        UpdateExpression: 'SET #status = :active, createdAt = :createdAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':me': account.userId,
          ':active': 'active',
          ':createdAt': account.createdAt,
        },
      }),
    );
  });
}

export interface Credentials {
  userId: string;
  username: string;
  passwordHash: string;
}

/**
 * The sign-in record of an email, as "GetCredentials": one read whether the email is known or
 * not (decision 1304); a registration still in progress counts as unknown.
 */
export async function findCredentialsByEmail(email: string): Promise<Credentials | undefined> {
  return tracedOperation('GetCredentials', async () => {
    const table = credentialsTable();
    traceDynamoDBOperation('GetItem', table);
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: table, Key: credentialKeys.login(email), ConsistentRead: true }),
    );
    if (!Item || Item.status !== 'active') return undefined;
    return {
      userId: String(Item.userId),
      username: String(Item.username),
      passwordHash: String(Item.passwordHash),
    };
  });
}
