import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { userKeys } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { StoredRefreshToken } from '../domain/refresh-rotation';

const usersTable = () => tableName('users');

export interface RefreshTokenRecord extends StoredRefreshToken {
  tokenHash: string;
  username: string;
}

/** Stores a refresh token by its hash (the token itself is never stored). */
export async function saveRefreshToken(
  record: RefreshTokenRecord,
  newFamily: boolean,
): Promise<void> {
  const table = usersTable();
  traceDynamoDBOperation('PutItem', table, { userId: record.userId });
  if (newFamily) {
    await documentClient().send(
      new PutCommand({
        TableName: table,
        Item: {
          ...userKeys.tokenFamily(record.familyId),
          familyId: record.familyId,
          userId: record.userId,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }
  await documentClient().send(
    new PutCommand({
      TableName: table,
      Item: { ...userKeys.refreshToken(record.tokenHash), ...record },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** A refresh token and whether its family is revoked, as "GetRefreshToken". */
export async function findRefreshToken(
  tokenHash: string,
): Promise<{ token?: RefreshTokenRecord; familyRevoked: boolean }> {
  return tracedOperation('GetRefreshToken', async () => {
    const table = usersTable();
    traceDynamoDBOperation('GetItem', table);
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: userKeys.refreshToken(tokenHash),
        ConsistentRead: true,
      }),
    );
    const token = Item as RefreshTokenRecord | undefined;
    if (!token) return { familyRevoked: false };
    const { Item: familyItem } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: userKeys.tokenFamily(token.familyId),
        ConsistentRead: true,
      }),
    );
    return { token, familyRevoked: !familyItem || Boolean(familyItem.revokedAt) };
  });
}

/**
 * Marks a token exchanged, once: false when another request exchanged it first (a replay racing
 * the legitimate client), which the caller treats as reuse.
 */
export async function markRotated(tokenHash: string, now: Date): Promise<boolean> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: usersTable(),
        Key: userKeys.refreshToken(tokenHash),
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rotatedAt)',
        UpdateExpression: 'SET rotatedAt = :now',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Revokes every token of a family, as "RevokeTokenFamily". Idempotent. */
export async function revokeFamily(familyId: string, now: Date): Promise<void> {
  await tracedOperation('RevokeTokenFamily', async () => {
    const table = usersTable();
    traceDynamoDBOperation('UpdateItem', table);
    await documentClient().send(
      new UpdateCommand({
        TableName: table,
        Key: userKeys.tokenFamily(familyId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  });
}
