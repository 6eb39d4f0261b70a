import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { userKeys } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

const usersTable = () => tableName('users');

/** A claim older than this whose account never came to exist was left by a failed register. */
const ABANDONED_CLAIM_MS = 5 * 60 * 1000;

type ClaimKey = { pk: string; sk: string };

/**
 * Claims a unique value (an email, a username) for a user with a conditional write: of two
 * concurrent registrations exactly one wins, with no read-then-write window. A claim left behind
 * by a registration that died before creating the account is taken over after a grace period.
 */
async function claim(name: string, key: ClaimKey, userId: string, now: Date): Promise<boolean> {
  return tracedOperation(name, async () => {
    const table = usersTable();
    traceDynamoDBOperation('PutItem', table, { userId });
    const item = { ...key, userId, claimedAt: now.toISOString() };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const { Item: existing } = await documentClient().send(
      new GetCommand({ TableName: table, Key: key, ConsistentRead: true }),
    );
    if (!existing || !(await isAbandoned(existing, now))) return false;
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table,
          Item: item,
          ConditionExpression: 'userId = :previous',
          ExpressionAttributeValues: { ':previous': existing.userId },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  });
}

async function isAbandoned(claimItem: Record<string, unknown>, now: Date): Promise<boolean> {
  const age = now.getTime() - Date.parse(String(claimItem.claimedAt));
  if (!(age > ABANDONED_CLAIM_MS)) return false;
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: usersTable(),
      Key: userKeys.credentials(String(claimItem.userId)),
      ConsistentRead: true,
    }),
  );
  return !Item;
}

export const claimEmail = (email: string, userId: string, now: Date) =>
  claim('ClaimEmail', userKeys.emailClaim(email), userId, now);

export const claimUsername = (username: string, userId: string, now: Date) =>
  claim('ClaimUsername', userKeys.usernameClaim(username), userId, now);

/** Gives a claim back (only if it is still this user's). */
export async function releaseClaim(key: ClaimKey, userId: string): Promise<void> {
  await tracedOperation('ReleaseClaim', async () => {
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: usersTable(),
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

export interface NewAccount {
  userId: string;
  email: string;
  username: string;
  passwordHash: string;
  createdAt: string;
}

/**
 * Writes the account once its email and username are claimed: the credentials (the item whose
 * existence makes the account real) and the public profile, as "CreateUser".
 */
export async function createAccount(account: NewAccount): Promise<void> {
  await tracedOperation('CreateUser', async () => {
    const table = usersTable();
    traceDynamoDBOperation('PutItem', table, { userId: account.userId });
    await documentClient().send(
      new PutCommand({
        TableName: table,
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
      new PutCommand({
        TableName: table,
        Item: { ...userKeys.credentials(account.userId), ...account },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  });
}

export interface Credentials {
  userId: string;
  username: string;
  passwordHash: string;
}

/** The credentials registered under an email, as "GetCredentials". */
export async function findCredentialsByEmail(email: string): Promise<Credentials | undefined> {
  return tracedOperation('GetCredentials', async () => {
    const table = usersTable();
    traceDynamoDBOperation('GetItem', table);
    const { Item: claimItem } = await documentClient().send(
      new GetCommand({ TableName: table, Key: userKeys.emailClaim(email), ConsistentRead: true }),
    );
    if (!claimItem) return undefined;
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: userKeys.credentials(String(claimItem.userId)),
        ConsistentRead: true,
      }),
    );
    if (!Item) return undefined;
    return {
      userId: String(Item.userId),
      username: String(Item.username),
      passwordHash: String(Item.passwordHash),
    };
  });
}
