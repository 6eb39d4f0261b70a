import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDbRecordId, processRecordsInOrder, publishEvent } from '@traced-social/aws-clients';
import { createEvent } from '@traced-social/events';
import { annotate, withTracing } from '@traced-social/observability';
import { countDelta, likeEventId } from '../domain/likes';
import { likeChangeOf } from '../store/like-stream';
import { applyCountChange } from '../store/likes-store';

/**
 * DynamoDB stream handler of the likes table: each like or unlike moves the post's count by one,
 * exactly once per stream record (replays are recognised), and each like is announced as
 * POST_LIKED (its event id derived from the record, so a replay publishes a duplicate that
 * consumers drop).
 */
export const handler = withTracing(
  (event: DynamoDBStreamEvent) =>
    processRecordsInOrder(event.Records, dynamoDbRecordId, countLikeChange),
  { operationType: 'COUNT_LIKES' },
);

async function countLikeChange(record: DynamoDBRecord): Promise<void> {
  const change = likeChangeOf(record);
  if (!change) return;
  const recordId = record.eventID ?? dynamoDbRecordId(record);
  annotate('postId', change.postId);
  await applyCountChange(recordId, change.postId, countDelta(change));
  if (change.kind !== 'liked') return;
  await publishEvent(
    createEvent(
      'POST_LIKED',
      {
        postId: change.postId,
        authorId: change.authorId,
        likerId: change.userId,
        likedAt: change.likedAt,
      },
      { eventId: likeEventId(recordId) },
    ),
  );
}
