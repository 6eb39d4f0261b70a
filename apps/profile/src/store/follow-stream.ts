import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { dynamoDbRecordId, PoisonRecordError } from '@traced-social/aws-clients';
import { followKeys } from '@traced-social/tables';
import { followCountDelta, type EdgeImage } from '../domain/follow-counts';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

export interface FollowCountChange {
  followerId: string;
  followeeId: string;
  delta: -1 | 1;
}

/**
 * The count change a follows-table stream record makes, or undefined when it makes none (an edge
 * settling its removal mark, a follow still pending). A record of an edge without its ids is a
 * poison record.
 */
export function followCountChangeOf(record: DynamoDBRecord): FollowCountChange | undefined {
  const keys = image(record.dynamodb?.Keys);
  if (!String(keys?.sk ?? '').startsWith(followKeys.followingPrefix)) return undefined;
  const before = edgeOf(record, record.dynamodb?.OldImage);
  const after = edgeOf(record, record.dynamodb?.NewImage);
  const delta = followCountDelta(before, after);
  const edge = after ?? before;
  if (delta === 0 || !edge) return undefined;
  return { followerId: edge.followerId, followeeId: edge.followeeId, delta };
}

function edgeOf(record: DynamoDBRecord, value: Image | undefined): EdgeImage | undefined {
  const item = image(value);
  if (!item) return undefined;
  if (typeof item.followerId !== 'string' || typeof item.followeeId !== 'string') {
    throw new PoisonRecordError(
      `Stream record ${record.eventID ?? '?'} of a follow edge has no usable image`,
      dynamoDbRecordId(record),
    );
  }
  return {
    followerId: item.followerId,
    followeeId: item.followeeId,
    ...(typeof item.pending === 'string' ? { pending: item.pending } : {}),
  };
}

function image(value: Image | undefined): Record<string, unknown> | undefined {
  return value ? unmarshall(value as Record<string, AttributeValue>) : undefined;
}
