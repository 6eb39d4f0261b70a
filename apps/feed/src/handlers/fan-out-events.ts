import type { KinesisStreamEvent } from 'aws-lambda';
import { processDomainEvents } from '@traced-social/aws-clients';
import { withTracing } from '@traced-social/observability';
import { applyEvent, isFeedEvent } from '../services/fan-out';

/**
 * Kinesis consumer of the `events` stream: POST_CREATED fans the post out to the followers'
 * feeds, POST_DELETED takes it back, USER_FOLLOWED copies the followee's recent posts and
 * USER_UNFOLLOWED removes them. Each record is traced in its producer's trace ("Kinesis Consumer"
 * → DynamoDB batches → "Redis Cache Update").
 */
export const handler = withTracing(
  (event: KinesisStreamEvent) => processDomainEvents(event.Records, applyEvent, isFeedEvent),
  { operationType: 'FAN_OUT_FEED' },
);
