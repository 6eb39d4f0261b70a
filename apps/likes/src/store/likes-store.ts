import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  batchGetWithRetries,
  documentClient,
  failedTransactionConditions,
  onceMarker,
} from '@traced-social/aws-clients';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import { displayedCount, type LikeChange } from '../domain/likes';
import {
  APPLIED_MARKER_TTL_SECONDS,
  appliedKey,
  countKey,
  likeKey,
  toLikeItem,
} from './like-items';

const likesTable = () => tableName('likes');

/**
 * Records a like unless the user already likes the post (a conditional put: liking twice is one
 * like, and one stream record), as "PutLike".
 */
export async function addLike(like: Omit<LikeChange, 'kind'>): Promise<'added' | 'unchanged'> {
  return tracedOperation('PutLike', async () => {
    const table = likesTable();
    traceDynamoDBOperation('PutItem', table, { postId: like.postId });
    try {
      await documentClient().send(
        new PutCommand({
          TableName: table,
          Item: toLikeItem(like),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return 'added';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'unchanged';
      throw error;
    }
  });
}

/** Removes a like if there is one (a conditional delete), as "DeleteLike". */
export async function removeLike(postId: string, userId: string): Promise<'removed' | 'unchanged'> {
  return tracedOperation('DeleteLike', async () => {
    const table = likesTable();
    traceDynamoDBOperation('DeleteItem', table, { postId });
    try {
      await documentClient().send(
        new DeleteCommand({
          TableName: table,
          Key: likeKey(postId, userId),
          ConditionExpression: 'attribute_exists(pk)',
        }),
      );
      return 'removed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'unchanged';
      throw error;
    }
  });
}

export interface LikeSummary {
  likeCount: number;
  likedByMe: boolean;
}

/** The post's like count and whether `userId` likes it, in one call, as "GetLikes". */
export async function readLikes(postId: string, userId: string): Promise<LikeSummary> {
  return tracedOperation('GetLikes', async () => {
    const table = likesTable();
    traceDynamoDBOperation('BatchGetItem', table, { postId });
    const counter = countKey(postId);
    const myLike = likeKey(postId, userId);
    // Unprocessed keys are asked for again: a throttled read must not show "not liked".
    const items = await batchGetWithRetries(documentClient(), table, [counter, myLike], {
      consistentRead: true,
    });
    const count = items.find((item) => item.sk === counter.sk);
    return {
      likeCount: displayedCount(count?.likeCount as number | undefined),
      likedByMe: items.some((item) => item.sk === myLike.sk),
    };
  });
}

/**
 * Applies one stream record's change to the post's like count exactly once, as "ApplyLikeCount":
 * a transaction writes a marker of the record (conditional: absent) with the atomic ADD, so a
 * replayed record finds its marker and changes nothing. Returns false for a replay.
 */
export async function applyCountChange(
  streamRecordId: string,
  postId: string,
  delta: number,
): Promise<boolean> {
  return tracedOperation('ApplyLikeCount', async () => {
    const table = likesTable();
    traceDynamoDBOperation('TransactWriteItems', table, { postId, delta });
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            onceMarker(table, appliedKey(postId, streamRecordId), APPLIED_MARKER_TTL_SECONDS),
            {
              Update: {
                TableName: table,
                Key: countKey(postId),
                UpdateExpression: 'ADD likeCount :delta SET postId = :postId',
                ExpressionAttributeValues: { ':delta': delta, ':postId': postId },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedTransactionConditions(error).includes(0)) return false;
      throw error;
    }
  });
}
