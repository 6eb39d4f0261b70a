import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { dynamoDbRecordId, PoisonRecordError } from '@traced-social/aws-clients';
import type { LikeChange } from '../domain/likes';
import { fromLikeImage, LIKE_PREFIX } from './like-items';

type Image = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

/**
 * The like change a likes-table stream record announces: an INSERT of a like is a like, a REMOVE
 * an unlike; anything else (the count and marker items, modifications) is not a change of likes.
 * A like record without its attributes is a poison record.
 */
export function likeChangeOf(record: DynamoDBRecord): LikeChange | undefined {
  const keys = image(record.dynamodb?.Keys);
  if (!String(keys?.sk ?? '').startsWith(LIKE_PREFIX)) return undefined;
  const kind =
    record.eventName === 'INSERT' ? 'liked' : record.eventName === 'REMOVE' ? 'unliked' : undefined;
  if (!kind) return undefined;
  const like = fromLikeImage(
    image(kind === 'liked' ? record.dynamodb?.NewImage : record.dynamodb?.OldImage),
  );
  if (!like || !like.postId || !like.userId || !like.authorId) {
    throw new PoisonRecordError(
      `Stream record ${record.eventID ?? '?'} of a like has no usable image`,
      dynamoDbRecordId(record),
    );
  }
  return { kind, ...like };
}

function image(value: Image | undefined): Record<string, unknown> | undefined {
  return value ? unmarshall(value as Record<string, AttributeValue>) : undefined;
}
