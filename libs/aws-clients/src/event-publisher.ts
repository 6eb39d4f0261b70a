import { PutRecordCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { streamName } from '@traced-social/manifest';
import {
  addMetadata,
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

/** Kinesis' limits of one PutRecords call. */
export const PUT_RECORDS_MAX_RECORDS = 500;
const PUT_RECORDS_MAX_BYTES = 5 * 1024 * 1024;

export interface PublishReport {
  /** Ids of the events Kinesis took. */
  published: string[];
  /** Ids of the events Kinesis refused (throttled, failed): still to publish. */
  failed: string[];
}

/**
 * Publishes many domain events with PutRecords, in calls of at most 500 records and 5 MB, traced
 * as one "PublishEvents" subsegment for all of them (calls and refusals as metadata). Each record
 * carries the current trace context. Kinesis may refuse some records of a call: they are
 * reported in `failed`, not thrown, so the caller keeps them for later; a call that fails as a
 * whole throws.
 */
export async function publishEvents(events: DomainEvent[]): Promise<PublishReport> {
  return tracedOperation('PublishEvents', async () => {
    const report: PublishReport = { published: [], failed: [] };
    let calls = 0;
    for (const page of putRecordsPages(events)) {
      calls += 1;
      const output = await kinesisClient().send(
        new PutRecordsCommand({
          StreamName: streamName('events'),
          Records: page.map((event) => ({
            PartitionKey: partitionKeyOf(event),
            Data: encodeEvent(withTraceContext(event)),
          })),
        }),
      );
      (output.Records ?? []).forEach((record, i) =>
        (record.ErrorCode ? report.failed : report.published).push(page[i].eventId),
      );
    }
    addMetadata('publishEvents', {
      records: events.length,
      calls,
      failed: report.failed.length,
    });
    return report;
  });
}

function* putRecordsPages(events: DomainEvent[]): Generator<DomainEvent[]> {
  let page: DomainEvent[] = [];
  let bytes = 0;
  for (const event of events) {
    const size = encodeEvent(event).length + partitionKeyOf(event).length + 512; // + trace context
    if (
      page.length &&
      (page.length >= PUT_RECORDS_MAX_RECORDS || bytes + size > PUT_RECORDS_MAX_BYTES)
    ) {
      yield page;
      page = [];
      bytes = 0;
    }
    page.push(event);
    bytes += size;
  }
  if (page.length) yield page;
}
