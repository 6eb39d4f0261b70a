import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import type { DynamoDBRecord, KinesisStreamRecord } from 'aws-lambda';
import type { StreamRecordDraft } from '../dynamodb/stream-records';
import { ACCOUNT_ID } from '../resources/physical-names';

export interface RecordContext {
  shardId: string;
  eventSourceArn: string;
  region: string;
  functionName: string;
}

/** A Kinesis record as Lambda delivers it (`event.Records[i]`), data base64-encoded. */
export function toKinesisEventRecord(
  record: KinesisRecord,
  ctx: RecordContext,
): KinesisStreamRecord {
  const sequenceNumber = record.SequenceNumber ?? '';
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: record.PartitionKey ?? '',
      sequenceNumber,
      data: Buffer.from(record.Data ?? new Uint8Array()).toString('base64'),
      approximateArrivalTimestamp:
        (record.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${ctx.shardId}:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: `arn:aws:iam::${ACCOUNT_ID}:role/${ctx.functionName}`,
    awsRegion: ctx.region,
    eventSourceARN: ctx.eventSourceArn,
  };
}

/**
 * A DynamoDB stream record as Lambda delivers it: the record the proxy wrote at commit, with the
 * sequence number of its place in the table's stream.
 */
export function toDynamoDbEventRecord(record: KinesisRecord): DynamoDBRecord {
  const draft = JSON.parse(
    Buffer.from(record.Data ?? new Uint8Array()).toString('utf8'),
  ) as StreamRecordDraft;
  return {
    ...draft,
    dynamodb: { ...draft.dynamodb, SequenceNumber: record.SequenceNumber },
  } as DynamoDBRecord;
}

/** The itemIdentifier of a record in a `batchItemFailures` answer: its sequence number. */
export function itemIdentifier(record: KinesisStreamRecord | DynamoDBRecord): string {
  return 'kinesis' in record
    ? record.kinesis.sequenceNumber
    : (record.dynamodb?.SequenceNumber ?? '');
}
