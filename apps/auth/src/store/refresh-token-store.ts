import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { StoredRefreshToken, StoredSession } from '../domain/refresh-rotation';
import type { SealedSuccessor } from '../domain/successor-seal';
import { credentialKeys, ttlAt, unlessExpired } from './credential-items';

const credentialsTable = () => tableName('credentials');

export interface RefreshTokenRecord extends StoredRefreshToken {
  tokenHash: string;
  username: string;
  /** The pair this token was exchanged for, sealed with the token itself (retries in the grace). */
  successor?: SealedSuccessor;
}

/** Writes a new session or token item (never over an existing one), expiring by TTL with it. */
async function putExpiring(
  key: { pk: string; sk: string },
  item: { userId: string; expiresAt: string },
): Promise<void> {
  traceDynamoDBOperation('PutItem', credentialsTable(), { userId: item.userId });
  await documentClient().send(
    new PutCommand({
      TableName: credentialsTable(),
      Item: { ...key, ...item, ttl: ttlAt(item.expiresAt) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/** Starts a session (one per sign-in), expiring by TTL at its absolute end. */
export const startSession = (session: StoredSession): Promise<void> =>
  putExpiring(credentialKeys.session(session.userId, session.familyId), session);

/** Stores a refresh token by its hash (the token itself is never stored), expiring by TTL. */
export const saveRefreshToken = (record: RefreshTokenRecord): Promise<void> =>
  putExpiring(credentialKeys.refreshToken(record.tokenHash), record);

/** A refresh token and its session (either absent once expired), as "GetRefreshToken". */
export async function findRefreshToken(
  tokenHash: string,
  now: Date,
): Promise<{ token?: RefreshTokenRecord; session?: StoredSession }> {
  return tracedOperation('GetRefreshToken', async () => {
    const table = credentialsTable();
    traceDynamoDBOperation('GetItem', table);
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: credentialKeys.refreshToken(tokenHash),
        ConsistentRead: true,
      }),
    );
    const token = unlessExpired(Item, now) as RefreshTokenRecord | undefined;
    if (!token) return {};
    const { Item: sessionItem } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: credentialKeys.session(token.userId, token.familyId),
        ConsistentRead: true,
      }),
    );
    return {
      token: { ...token, hasSuccessor: token.successor !== undefined },
      session: unlessExpired(sessionItem, now) as StoredSession | undefined,
    };
  });
}

/**
 * Marks a token exchanged, once, keeping the sealed answer for retries: false when another
 * request exchanged it first (a retry racing the first attempt, or a replay).
 */
export async function markRotated(
  tokenHash: string,
  now: Date,
  successor: SealedSuccessor,
): Promise<boolean> {
  return tracedOperation('MarkTokenRotated', async () => {
    traceDynamoDBOperation('UpdateItem', credentialsTable());
    try {
      await documentClient().send(
        new UpdateCommand({
          TableName: credentialsTable(),
          Key: credentialKeys.refreshToken(tokenHash),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rotatedAt)',
          UpdateExpression: 'SET rotatedAt = :now, successor = :successor',
          ExpressionAttributeValues: { ':now': now.toISOString(), ':successor': successor },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  });
}

/** Deletes a refresh token nobody received (the loser of a rotation race made it). */
export async function discardRefreshToken(tokenHash: string): Promise<void> {
  await tracedOperation('DiscardRefreshToken', async () => {
    traceDynamoDBOperation('DeleteItem', credentialsTable());
    await documentClient().send(
      new DeleteCommand({
        TableName: credentialsTable(),
        Key: credentialKeys.refreshToken(tokenHash),
      }),
    );
  });
}

/** Revokes a session (every token of its family), as "RevokeTokenFamily". Idempotent. */
export async function revokeSession(userId: string, familyId: string, now: Date): Promise<void> {
  await tracedOperation('RevokeTokenFamily', async () => {
    traceDynamoDBOperation('UpdateItem', credentialsTable(), { userId });
    await revoke(userId, familyId, now);
  });
}

/** Revokes every live session of a user, as "RevokeAllSessions"; returns how many it revoked. */
export async function revokeAllSessions(userId: string, now: Date): Promise<number> {
  return tracedOperation('RevokeAllSessions', async () => {
    const table = credentialsTable();
    traceDynamoDBOperation('Query', table, { userId });
    const { pk, skPrefix } = credentialKeys.sessionsOf(userId);
    let revoked = 0;
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      const live = (page.Items ?? [])
        .map((item) => unlessExpired(item, now) as StoredSession | undefined)
        .filter((session): session is StoredSession => !!session && !session.revokedAt);
      // One write per session; a user has a handful (one per device that signed in).
      for (const session of live) await revoke(userId, session.familyId, now);
      revoked += live.length;
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return revoked;
  });
}

async function revoke(userId: string, familyId: string, now: Date): Promise<void> {
  try {
    await documentClient().send(
      new UpdateCommand({
        TableName: credentialsTable(),
        Key: credentialKeys.session(userId, familyId),
        // Only an existing session: a revocation must not create an item without a TTL.
        ConditionExpression: 'attribute_exists(pk)',
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :now)',
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
