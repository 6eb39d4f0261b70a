import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import { documentClient } from '@traced-social/aws-clients';

/**
 * Item layout of the `users` table, shared by the apps that read it (auth writes users, profile
 * and posts read them). One place, so a layout change is one change.
 *
 * | pk                    | sk          | what                                       |
 * |-----------------------|-------------|--------------------------------------------|
 * | `USER#<userId>`       | `PROFILE`   | the public profile and follow counts       |
 * | `USERNAME#<username>` | `CLAIM`     | uniqueness claim of a username (lower case)|
 *
 * Emails, password hashes, refresh tokens and sessions are in the auth app's own `credentials`
 * table, out of reach of every other function (decision 1304).
 */
export const userKeys = {
  profile: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  usernameClaim: (username: string) => ({
    pk: `USERNAME#${username.toLowerCase()}`,
    sk: 'CLAIM',
  }),
};

/** The stored profile (keys and bookkeeping attributes removed by `toUserProfile`). */
export interface UserProfile {
  userId: string;
  username: string;
  displayName: string;
  bio: string;
  avatarKey?: string;
  followerCount: number;
  followingCount: number;
  createdAt: string;
  updatedAt: string;
}

export function toUserProfile(item: Record<string, unknown>): UserProfile {
  return {
    userId: String(item.userId),
    username: String(item.username),
    displayName: String(item.displayName ?? item.username),
    bio: String(item.bio ?? ''),
    ...(typeof item.avatarKey === 'string' ? { avatarKey: item.avatarKey } : {}),
    followerCount: Number(item.followerCount ?? 0),
    followingCount: Number(item.followingCount ?? 0),
    createdAt: String(item.createdAt),
    updatedAt: String(item.updatedAt ?? item.createdAt),
  };
}

/** Reads a user's profile, traced as "GetUserProfile"; undefined when there is none. */
export async function getUserProfile(userId: string): Promise<UserProfile | undefined> {
  return tracedOperation('GetUserProfile', async () => {
    const table = tableName('users');
    traceDynamoDBOperation('GetItem', table, { userId });
    const { Item } = await documentClient().send(
      new GetCommand({ TableName: table, Key: userKeys.profile(userId), ConsistentRead: true }),
    );
    return Item ? toUserProfile(Item) : undefined;
  });
}
