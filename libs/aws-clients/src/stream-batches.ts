import type { DynamoDBBatchResponse, DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import { decodeEvent, InvalidEventError, type DomainEvent } from '@traced-social/events';
import { annotate, logger, processInProducerTrace } from '@traced-social/observability';

/**
 * Stream batches (Kinesis and DynamoDB streams) processed the same way by every consumer:
 *
 * - Records are handled one at a time, in order (per shard order is what Kinesis guarantees).
 * - A failure that may pass on retry (DynamoDB throttled, Redis down) stops the batch there and is
 *   reported in `batchItemFailures`: the event source retries from that record on, nothing after
 *   it is skipped.
 * - A record that can never succeed (not JSON, not a known event: a poison record) fails the whole
 *   invocation instead. With `bisectBatchOnError` the event source then splits the batch until the
 *   poison record is alone and dead-letters only it; the records around it are processed (handlers
 *   are idempotent, so a record handled twice changes nothing).
 */
export type BatchResponse = DynamoDBBatchResponse;

/** A record that no retry can fix; fails the invocation so the event source isolates it. */
export class PoisonRecordError extends Error {
  override readonly name = 'PoisonRecordError';
  constructor(
    message: string,
    readonly itemIdentifier: string,
    readonly reasons: string[] = [],
  ) {
    super(message);
  }
}

/** Runs `handle` on each record in order; see the module comment for the failure rules. */
export async function processRecordsInOrder<R>(
  records: R[],
  identifierOf: (record: R) => string,
  handle: (record: R) => Promise<void>,
): Promise<BatchResponse> {
  annotate('batchSize', records.length);
  for (const record of records) {
    try {
      await handle(record);
    } catch (error) {
      annotate('failedRecords', 1);
      if (error instanceof PoisonRecordError) throw error;
      const itemIdentifier = identifierOf(record);
      logger.warn('Stream record failed: the batch is retried from it', {
        itemIdentifier,
        reason: error instanceof Error ? error.name : 'unknown',
      });
      return { batchItemFailures: [{ itemIdentifier }] };
    }
  }
  annotate('failedRecords', 0);
  return { batchItemFailures: [] };
}

/**
 * A Kinesis batch of domain events: each record is decoded (a poison record fails the invocation);
 * those the consumer `accepts` are handled in the producer's trace, as a "Kinesis Consumer"
 * segment under the producer's PublishEvent subsegment, holding every subsegment `handle` opens.
 * The others are skipped before any segment opens: the producer's trace shows only consumers
 * that act on its event, never an empty "Kinesis Consumer".
 */
export function processDomainEvents(
  records: KinesisStreamRecord[],
  handle: (event: DomainEvent) => Promise<void>,
  accepts: (event: DomainEvent) => boolean,
): Promise<BatchResponse> {
  return processRecordsInOrder(
    records,
    (record) => record.kinesis.sequenceNumber,
    async (record) => {
      const event = decodeKinesisRecord(record);
      if (!accepts(event)) return;
      await processInProducerTrace(event, 'Kinesis Consumer', () => handle(event));
    },
  );
}

function decodeKinesisRecord(record: KinesisStreamRecord): DomainEvent {
  try {
    return decodeEvent(record.kinesis.data);
  } catch (error) {
    if (!(error instanceof InvalidEventError)) throw error;
    throw new PoisonRecordError(
      `Kinesis record ${record.kinesis.sequenceNumber} is not a domain event: ${error.message}`,
      record.kinesis.sequenceNumber,
      error.issues,
    );
  }
}

/** The itemIdentifier of a DynamoDB stream record (its sequence number). */
export const dynamoDbRecordId = (record: DynamoDBRecord): string =>
  record.dynamodb?.SequenceNumber ?? '';
