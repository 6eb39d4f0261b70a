import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { StreamViewType } from '@traced-social/manifest';
import type { Item } from './wire';

/**
 * A DynamoDB stream record as Lambda receives it, less the `SequenceNumber`, which the local cloud
 * assigns when the record is read back from the Kinesis stream it is kept in.
 */
export interface StreamRecordDraft {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion: '1.1';
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  eventSourceARN: string;
  dynamodb: {
    ApproximateCreationDateTime: number;
    Keys: Item;
    NewImage?: Item;
    OldImage?: Item;
    SizeBytes: number;
    StreamViewType: StreamViewType;
  };
}

export interface StreamedTable {
  viewType: StreamViewType;
  region: string;
  streamArn: string;
}

/**
 * The record for one item write, as DynamoDB Streams would write it: INSERT, MODIFY or REMOVE by
 * the images before and after; nothing when the item did not change (a put of the same item, a
 * delete of no item). Images are included per the stream's view type.
 */
export function buildStreamRecord(
  table: StreamedTable,
  keys: Item,
  oldImage: Item | undefined,
  newImage: Item | undefined,
  now: number = Date.now(),
): StreamRecordDraft | undefined {
  if (!oldImage && !newImage) return undefined;
  if (oldImage && newImage && isDeepStrictEqual(oldImage, newImage)) return undefined;
  const eventName = !oldImage ? 'INSERT' : !newImage ? 'REMOVE' : 'MODIFY';
  const withNew = table.viewType === 'NEW_IMAGE' || table.viewType === 'NEW_AND_OLD_IMAGES';
  const withOld = table.viewType === 'OLD_IMAGE' || table.viewType === 'NEW_AND_OLD_IMAGES';
  const dynamodb: StreamRecordDraft['dynamodb'] = {
    ApproximateCreationDateTime: Math.floor(now / 1000),
    Keys: keys,
    ...(withNew && newImage ? { NewImage: newImage } : {}),
    ...(withOld && oldImage ? { OldImage: oldImage } : {}),
    SizeBytes: 0,
    StreamViewType: table.viewType,
  };
  dynamodb.SizeBytes = Buffer.byteLength(JSON.stringify(dynamodb), 'utf8');
  return {
    eventID: randomUUID().replace(/-/g, ''),
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: table.region,
    eventSourceARN: table.streamArn,
    dynamodb,
  };
}
