import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { dynamoDbRecordId, processRecordsInOrder } from '@traced-social/aws-clients';
import { annotate, withTracing } from '@traced-social/observability';
import { applyFollowCountChange } from '../store/follow-counts-store';
import { followCountChangeOf } from '../store/follow-stream';

/**
 * DynamoDB stream handler of the follows table: each edge that starts or stops counting moves the
 * followee's followerCount and the follower's followingCount by one, exactly once per stream
 * record (decision 1400). Events are announced by the follow requests themselves.
 */
export const handler = withTracing(
  (event: DynamoDBStreamEvent) =>
    processRecordsInOrder(event.Records, dynamoDbRecordId, countFollowChange),
  { operationType: 'COUNT_FOLLOWS' },
);

async function countFollowChange(record: DynamoDBRecord): Promise<void> {
  const change = followCountChangeOf(record);
  if (!change) return;
  annotate('followeeId', change.followeeId);
  await applyFollowCountChange(record.eventID ?? dynamoDbRecordId(record), change);
}
