import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import { encodeEvent, partitionKeyOf, type DomainEvent } from '@traced-social/events';

let sequence = 0;

/**
 * A Kinesis event as Lambda's event source delivers it, for handler tests: each item is a domain
 * event (encoded as the publisher does) or raw record bytes (a poison record, say). Sequence
 * numbers increase across calls, so `batchItemFailures` identifiers are unique.
 */
export function kinesisEventOf(
  items: Array<DomainEvent | Uint8Array>,
  options: { streamArn?: string; shardId?: string } = {},
): KinesisStreamEvent {
  const shardId = options.shardId ?? 'shardId-000000000000';
  const streamArn = options.streamArn ?? 'arn:aws:kinesis:us-east-1:000000000000:stream/events';
  return {
    Records: items.map((item): KinesisStreamRecord => {
      const sequenceNumber = String(++sequence).padStart(20, '0');
      const data = item instanceof Uint8Array ? item : encodeEvent(item);
      return {
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: item instanceof Uint8Array ? 'raw' : partitionKeyOf(item),
          sequenceNumber,
          data: Buffer.from(data).toString('base64'),
          approximateArrivalTimestamp: Date.now() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `${shardId}:${sequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/consumer',
        awsRegion: 'us-east-1',
        eventSourceARN: streamArn,
      };
    }),
  };
}
