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
import { followKeys, userKeys, type FollowEdge } from '@traced-social/tables';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';

/**
 * The follow graph with consistent counts, without transactions (docs/decisions/0302). Each
 * change is a sequence of conditional writes that can be re-run from any point:
 *
 * 1. the edge is written (or marked for removal) with `pending` and an operation id;
 * 2. each profile's counter moves once per operation id (a marker for the id is written to the
 *    profile's `countOps` map in the same conditional update, so a re-run cannot count twice);
 * 3. the change is announced (USER_FOLLOWED / USER_UNFOLLOWED, with the operation id as event id,
 *    so a re-announcement is a duplicate consumers drop);
 * 4. the edge is settled (`pending` removed) or deleted;
 * 5. the marker is stamped settled, and dropped once older than any request can run.
 *
 * If announcing fails the request fails and the edge stays pending: the client's retry resumes
 * it, and the event is published then, never lost.
 *
 * A request that dies midway leaves a pending edge; the next follow or unfollow of the same pair
 * finishes it first. Readers skip pending edges.
 */
const followsTable = () => tableName('follows');
const usersTable = () => tableName('users');

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
  await moveCounts(edge, +1, edge.opId);
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
  await retireCountOp(edge, edge.opId);
}

async function settleUnfollow(edge: EdgeItem, opId: string, announce: Announce): Promise<void> {
  await moveCounts(edge, -1, opId);
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
  await retireCountOp(edge, opId);
}

/**
 * How long a settled operation's marker stays on a profile: longer than any request can run
 * (Lambda's 15-minute ceiling), so a straggler settling the same operation late still finds it.
 */
const MARKER_RETENTION_MS = 15 * 60 * 1000;

/**
 * Moves both counters by `delta`, each at most once for `opId`: the counter and the marker
 * `countOps[opId] = 0` (in flight) change in one conditional update.
 */
async function moveCounts(edge: FollowEdge, delta: 1 | -1, opId: string): Promise<void> {
  traceDynamoDBOperation('UpdateItem', usersTable(), {
    followerId: edge.followerId,
    followeeId: edge.followeeId,
  });
  const counters: Array<[string, string]> = [
    [edge.followerId, 'followingCount'],
    [edge.followeeId, 'followerCount'],
  ];
  for (const [userId, counter] of counters) {
    const update = () =>
      documentClient().send(
        new UpdateCommand({
          TableName: usersTable(),
          Key: userKeys.profile(userId),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(countOps.#op)',
          UpdateExpression:
            'SET #counter = if_not_exists(#counter, :zero) + :delta, countOps.#op = :zero',
          ExpressionAttributeNames: { '#counter': counter, '#op': opId },
          ExpressionAttributeValues: { ':zero': 0, ':delta': delta },
        }),
      );
    try {
      await update();
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) continue;
      // A profile without the marker map yet: create it, then count.
      if (!(error instanceof Error && error.name === 'ValidationException')) throw error;
      await documentClient()
        .send(
          new UpdateCommand({
            TableName: usersTable(),
            Key: userKeys.profile(userId),
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(countOps)',
            UpdateExpression: 'SET countOps = :empty',
            ExpressionAttributeValues: { ':empty': {} },
          }),
        )
        .catch(ignoreConditionFailure);
      await update().catch(ignoreConditionFailure);
    }
  }
}

/**
 * Marks `opId` settled on both profiles (its marker now holds the time) and drops markers settled
 * longer ago than the retention. In-flight markers (0) are kept however old: the edge they belong
 * to is still pending and its resumption must find them.
 */
async function retireCountOp(edge: FollowEdge, opId: string, now = Date.now()): Promise<void> {
  for (const userId of [edge.followerId, edge.followeeId]) {
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: usersTable(),
        Key: userKeys.profile(userId),
        ConsistentRead: true,
      }),
    );
    const markers = (Item?.countOps ?? {}) as Record<string, number>;
    const expired = Object.entries(markers)
      .filter(
        ([id, settledAt]) => id !== opId && settledAt > 0 && settledAt < now - MARKER_RETENTION_MS,
      )
      .map(([id]) => id);
    const names: Record<string, string> = { '#op': opId };
    expired.forEach((id, i) => (names[`#x${i}`] = id));
    await documentClient()
      .send(
        new UpdateCommand({
          TableName: usersTable(),
          Key: userKeys.profile(userId),
          ConditionExpression: 'attribute_exists(countOps.#op)',
          UpdateExpression:
            'SET countOps.#op = :now' +
            (expired.length
              ? ` REMOVE ${expired.map((_, i) => `countOps.#x${i}`).join(', ')}`
              : ''),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':now': now },
        }),
      )
      .catch(ignoreConditionFailure);
  }
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

/** The cursor attribute that pins a listing to its user. */
export const followCursorKey = (
  direction: 'followers' | 'following',
  userId: string,
): Record<string, string> =>
  direction === 'following'
    ? { pk: followKeys.userPartition(userId) }
    : { gsi1pk: followKeys.userPartition(userId) };
