import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { getUserProfile, toUserProfile, userKeys, type UserProfile } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { ProfileChanges } from '../domain/profile-rules';

export { getUserProfile };
const usersTable = () => tableName('users');

/** The profile of whoever holds a username (any case), as "GetProfileByUsername". */
export async function findProfileByUsername(username: string): Promise<UserProfile | undefined> {
  const userId = await tracedOperation('GetProfileByUsername', async () => {
    const table = usersTable();
    traceDynamoDBOperation('GetItem', table, { username });
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: userKeys.usernameClaim(username),
        ConsistentRead: true,
      }),
    );
    return Item ? String(Item.userId) : undefined;
  });
  return userId ? getUserProfile(userId) : undefined;
}

/** Applies profile changes, as "UpdateProfile"; undefined when the profile does not exist. */
export async function updateProfile(
  userId: string,
  changes: ProfileChanges,
  now: Date = new Date(),
): Promise<UserProfile | undefined> {
  const values: Record<string, string> = { ':now': now.toISOString() };
  const sets = ['updatedAt = :now'];
  for (const [field, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    sets.push(`${field} = :${field}`);
    values[`:${field}`] = value;
  }
  return tracedOperation('UpdateProfile', () =>
    updateExistingProfile(
      userId,
      {
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      },
      (attributes) => (attributes ? toUserProfile(attributes) : undefined),
    ),
  );
}

/**
 * Points the profile at a new avatar object, as "UpdateProfile"; with the profile as it now is
 * and the key of the avatar it replaced (now orphaned), or undefined when there is no profile.
 */
export async function setAvatar(
  userId: string,
  avatarKey: string,
  now: Date = new Date(),
): Promise<{ profile: UserProfile; replacedKey?: string } | undefined> {
  return tracedOperation('UpdateProfile', () =>
    updateExistingProfile(
      userId,
      {
        UpdateExpression: 'SET avatarKey = :key, updatedAt = :now',
        ExpressionAttributeValues: { ':key': avatarKey, ':now': now.toISOString() },
        ReturnValues: 'ALL_OLD',
      },
      (attributes) => {
        const before = attributes ?? {};
        const replaced = typeof before.avatarKey === 'string' ? before.avatarKey : undefined;
        return {
          profile: toUserProfile({ ...before, avatarKey, updatedAt: now.toISOString() }),
          ...(replaced && replaced !== avatarKey ? { replacedKey: replaced } : {}),
        };
      },
    ),
  );
}

/**
 * One conditional UpdateItem on an existing profile, its answer read by `read`; undefined when
 * there is no profile (the condition failed), and nothing written.
 */
async function updateExistingProfile<T>(
  userId: string,
  update: Pick<
    UpdateCommandInput,
    'UpdateExpression' | 'ExpressionAttributeValues' | 'ReturnValues'
  >,
  read: (attributes: Record<string, unknown> | undefined) => T,
): Promise<T | undefined> {
  const table = usersTable();
  traceDynamoDBOperation('UpdateItem', table, { userId });
  try {
    const { Attributes } = await documentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: userKeys.profile(userId),
        ConditionExpression: 'attribute_exists(pk)',
        ...update,
      }),
    );
    return read(Attributes);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}
