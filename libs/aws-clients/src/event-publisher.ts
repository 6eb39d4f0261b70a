import { PutRecordCommand } from '@aws-sdk/client-kinesis';
import { streamName } from '@traced-social/manifest';
import {
  traceKinesisPublish,
  tracedOperation,
  withTraceContext,
} from '@traced-social/observability';
import { encodeEvent, partitionKeyOf, type DomainEvent } from '@traced-social/events';
import { kinesisClient } from './clients';

export interface PublishedEvent {
  eventId: string;
  shardId: string;
  sequenceNumber: string;
}

/**
 * Publishes a domain event on the `events` stream, traced as "PublishEvent": the current trace
 * context is stamped into the record (Kinesis does not carry it to consumers) and the event type,
 * id and partition key are recorded on the subsegment. Throws if Kinesis refuses the record; the
 * caller decides what happens then (the posts app keeps it in its outbox).
 */
export async function publishEvent(event: DomainEvent): Promise<PublishedEvent> {
  return tracedOperation('PublishEvent', async () => {
    const partitionKey = partitionKeyOf(event);
    traceKinesisPublish(event.type, event.eventId, partitionKey);
    const stamped = withTraceContext(event);
    const output = await kinesisClient().send(
      new PutRecordCommand({
        StreamName: streamName('events'),
        PartitionKey: partitionKey,
        Data: encodeEvent(stamped),
      }),
    );
    return {
      eventId: event.eventId,
      shardId: output.ShardId ?? '',
      sequenceNumber: output.SequenceNumber ?? '',
    };
  });
}
