import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { followKeys, type FollowEdge } from '@traced-social/tables';
import type { CursorShape } from '@traced-social/http';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

/**
 * The follow graph (docs/decisions/0302, counts: 1400). Each change is a sequence of conditional
 * writes that can be re-run from any point:
 *
 * 1. the edge is written (or marked for removal) with `pending` and an operation id;
 * 2. the change is announced (USER_FOLLOWED / USER_UNFOLLOWED, with the operation id as event id,
 *    so a re-announcement is a duplicate consumers drop);
 * 3. the edge is settled (`pending` removed) or deleted.
 *
 * If announcing fails the request fails and the edge stays pending: the client's retry resumes
 * it, and the event is published then, never lost.
 *
 * A request that dies midway leaves a pending edge; the next follow or unfollow of the same pair
 * finishes it first. Readers skip pending edges. The counts are not written here: the follows
 * table's stream moves them exactly once per edge that starts or stops counting (count-follows).
 */
const followsTable = () => tableName('follows');

interface EdgeItem extends FollowEdge {
  pk: string;
  sk: string;
  opId: string;
  pending?: 'follow' | 'unfollow';
  unfollowOpId?: string;
}

export type FollowChange = 'changed' | 'unchanged';

/** Publishes the change; the operation id is the event id. */
export type Announce = (edge: FollowEdge, opId: string) => Promise<void>;

/** Makes `followerId` follow `followeeId`, as "FollowUser". Idempotent. */
export async function follow(
  followerId: string,
  followeeId: string,
  announce: Announce,
  now = new Date(),
): Promise<FollowChange> {
  return tracedOperation('FollowUser', async () => {
    traceDynamoDBOperation('PutItem', followsTable(), { followerId, followeeId });
    const edge: EdgeItem = {
      ...followKeys.edge(followerId, followeeId),
      ...followKeys.followerIndex(followeeId, followerId),
      followerId,
      followeeId,
      createdAt: now.toISOString(),
      opId: randomUUID(),
      pending: 'follow',
    };
    try {
      await documentClient().send(
        new PutCommand({
          TableName: followsTable(),
          Item: edge,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      await settleFollow(edge, announce);
      return 'changed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await readEdge(followerId, followeeId);
    if (!existing) return follow(followerId, followeeId, announce, now);
    if (existing.pending === 'follow') {
      await settleFollow(existing, announce);
      return 'changed';
    }
    if (existing.pending === 'unfollow') {
      await settleUnfollow(existing, unfollowOpOf(existing), unannounced);
      return follow(followerId, followeeId, announce, now);
    }
    return 'unchanged';
  });
}

/** Makes `followerId` stop following `followeeId`, as "UnfollowUser". Idempotent. */
export async function unfollow(
  followerId: string,
  followeeId: string,
  announce: Announce,
): Promise<FollowChange> {
  return tracedOperation('UnfollowUser', async () => {
    traceDynamoDBOperation('UpdateItem', followsTable(), { followerId, followeeId });
    const existing = await readEdge(followerId, followeeId);
    if (!existing) return 'unchanged';
    if (existing.pending === 'follow') await settleFollow(existing, unannounced);
    try {
      const { Attributes } = await documentClient().send(
        new UpdateCommand({
          TableName: followsTable(),
          Key: followKeys.edge(followerId, followeeId),
          ConditionExpression:
            'attribute_exists(pk) AND (attribute_not_exists(pending) OR pending = :unfollow)',
          UpdateExpression:
            'SET pending = :unfollow, unfollowOpId = if_not_exists(unfollowOpId, :op)',
          ExpressionAttributeValues: { ':unfollow': 'unfollow', ':op': randomUUID() },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const marked = Attributes as EdgeItem;
      await settleUnfollow(marked, unfollowOpOf(marked), announce);
      return 'changed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'unchanged';
      throw error;
    }
  });
}

/**
 * Finishing the other side's half-done change on the way to the opposite one: its event would be
 * followed at once by the opposite event, so only the final state is announced.
 */
const unannounced: Announce = async () => undefined;

async function settleFollow(edge: EdgeItem, announce: Announce): Promise<void> {
  await announce(edge, edge.opId);
  await documentClient()
    .send(
      new UpdateCommand({
        TableName: followsTable(),
        Key: followKeys.edge(edge.followerId, edge.followeeId),
        ConditionExpression: 'opId = :op AND pending = :follow',
        UpdateExpression: 'REMOVE pending',
        ExpressionAttributeValues: { ':op': edge.opId, ':follow': 'follow' },
      }),
    )
    .catch(ignoreConditionFailure);
}

async function settleUnfollow(edge: EdgeItem, opId: string, announce: Announce): Promise<void> {
  await announce(edge, opId);
  await documentClient()
    .send(
      new DeleteCommand({
        TableName: followsTable(),
        Key: followKeys.edge(edge.followerId, edge.followeeId),
        ConditionExpression: 'unfollowOpId = :op',
        ExpressionAttributeValues: { ':op': opId },
      }),
    )
    .catch(ignoreConditionFailure);
}

async function readEdge(followerId: string, followeeId: string): Promise<EdgeItem | undefined> {
  const { Item } = await documentClient().send(
    new GetCommand({
      TableName: followsTable(),
      Key: followKeys.edge(followerId, followeeId),
      ConsistentRead: true,
    }),
  );
  return Item as EdgeItem | undefined;
}

/** An edge marked for removal always carries the operation id of its removal. */
function unfollowOpOf(edge: EdgeItem): string {
  if (!edge.unfollowOpId) throw new Error('Follow edge pending removal has no unfollowOpId');
  return edge.unfollowOpId;
}

function ignoreConditionFailure(error: unknown): void {
  if (!(error instanceof ConditionalCheckFailedException)) throw error;
}

export interface FollowPage {
  edges: FollowEdge[];
  nextKey?: Record<string, string>;
}

/** Whom a user follows (`following`) or who follows them (`followers`), a page at a time. */
export async function listFollows(
  direction: 'followers' | 'following',
  userId: string,
  limit: number,
  startKey?: Record<string, string | number>,
): Promise<FollowPage> {
  return tracedOperation(
    direction === 'followers' ? 'ListFollowers' : 'ListFollowing',
    async () => {
      const table = followsTable();
      traceDynamoDBOperation('Query', table, { userId });
      const byFollower = direction === 'following';
      const page = await documentClient().send(
        new QueryCommand({
          TableName: table,
          ...(byFollower ? {} : { IndexName: 'gsi1' }),
          KeyConditionExpression: byFollower
            ? 'pk = :user AND begins_with(sk, :prefix)'
            : 'gsi1pk = :user AND begins_with(gsi1sk, :prefix)',
          FilterExpression: 'attribute_not_exists(pending)',
          ExpressionAttributeValues: {
            ':user': followKeys.userPartition(userId),
            ':prefix': byFollower ? followKeys.followingPrefix : followKeys.followerPrefix,
          },
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      );
      return {
        edges: (page.Items ?? []).map((item) => ({
          followerId: String(item.followerId),
          followeeId: String(item.followeeId),
          createdAt: String(item.createdAt),
        })),
        nextKey: page.LastEvaluatedKey as Record<string, string> | undefined,
      };
    },
  );
}

/** A listing's cursors: pinned to its user, with the table's (and, for followers, gsi1's) keys. */
export const followCursorShape = (
  direction: 'followers' | 'following',
  userId: string,
): CursorShape =>
  direction === 'following'
    ? { pinned: { pk: followKeys.userPartition(userId) }, keys: ['sk'] }
    : { pinned: { gsi1pk: followKeys.userPartition(userId) }, keys: ['gsi1sk', 'pk', 'sk'] };
