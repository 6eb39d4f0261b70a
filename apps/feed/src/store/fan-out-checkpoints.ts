import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { FeedEntry } from '../domain/feed';
import type { FollowerCursor } from './followers';

/**
 * Unfinished fan-outs (decision 1420): one item per post whose followers were not all reached
 * within one invocation, under one partition (`FANOUT#PENDING`, sort key the post id). Only
 * authors with more followers than one step delivers and fewer than the pull threshold write one,
 * and only while their fan-out runs, so the partition stays small.
 */
const PENDING_PARTITION = 'FANOUT#PENDING';

export type FanOutOperation = 'deliver' | 'withdraw';

export interface FanOutCheckpoint {
  operation: FanOutOperation;
  entry: FeedEntry;
  /** Where the walk through the author's followers resumes; absent: from the first page. */
  resumeAfter?: FollowerCursor;
}

const table = () => tableName('feeds');
const key = (postId: string) => ({ pk: PENDING_PARTITION, sk: postId });

/**
 * Saves where a fan-out stands, as "SaveFanOutCheckpoint". A delivery only moves its own
 * checkpoint forward: when a withdrawal replaced it (the post was deleted meanwhile), the save is
 * refused and the delivery stops (false). A withdrawal always wins.
 */
export function saveCheckpoint(
  checkpoint: FanOutCheckpoint,
  options: { first?: boolean } = {},
): Promise<boolean> {
  if (checkpoint.operation === 'withdraw') return putCheckpoint(checkpoint);
  return putCheckpoint(
    checkpoint,
    options.first
      ? 'attribute_not_exists(sk) OR #op = :deliver'
      : 'attribute_exists(sk) AND #op = :deliver',
  );
}

/**
 * Turns an unfinished delivery of `entry` into a withdrawal from the first page, as
 * "SaveFanOutCheckpoint"; false when no delivery was pending. The withdrawal then runs where the
 * delivery ran (the resumer, one at a time), so it sweeps every page the delivery wrote.
 */
export function replacePendingDelivery(entry: FeedEntry): Promise<boolean> {
  return putCheckpoint({ operation: 'withdraw', entry }, '#op = :deliver');
}

/** Puts a checkpoint, under `condition` (on `#op` = operation, `:deliver`) when given. */
async function putCheckpoint(checkpoint: FanOutCheckpoint, condition?: string): Promise<boolean> {
  return tracedOperation('SaveFanOutCheckpoint', async () => {
    traceDynamoDBOperation('PutItem', table(), { postId: checkpoint.entry.postId });
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table(),
          Item: {
            ...key(checkpoint.entry.postId),
            ...checkpoint,
            savedAt: new Date().toISOString(),
          },
          ...(condition
            ? {
                ConditionExpression: condition,
                ExpressionAttributeNames: { '#op': 'operation' },
                ExpressionAttributeValues: { ':deliver': 'deliver' },
              }
            : {}),
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  });
}

/** Removes a finished fan-out's checkpoint (only if it is still that operation's). */
export async function clearCheckpoint(postId: string, operation: FanOutOperation): Promise<void> {
  await tracedOperation('ClearFanOutCheckpoint', async () => {
    traceDynamoDBOperation('DeleteItem', table(), { postId });
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: table(),
          Key: key(postId),
          ConditionExpression: '#op = :op',
          ExpressionAttributeNames: { '#op': 'operation' },
          ExpressionAttributeValues: { ':op': operation },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  });
}

/** The oldest-keyed unfinished fan-outs, at most `limit`, as "ListFanOutCheckpoints". */
export async function pendingCheckpoints(limit: number): Promise<FanOutCheckpoint[]> {
  return tracedOperation('ListFanOutCheckpoints', async () => {
    traceDynamoDBOperation('Query', table(), { limit });
    const { Items } = await documentClient().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': PENDING_PARTITION },
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => ({
      operation: item.operation as FanOutOperation,
      entry: item.entry as FeedEntry,
      ...(item.resumeAfter ? { resumeAfter: item.resumeAfter as FollowerCursor } : {}),
    }));
  });
}
