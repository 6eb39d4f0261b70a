import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '@traced-social/manifest';
import { traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import { documentClient } from '../clients';

/**
 * What other apps may read of the `posts` table (the posts app writes it): a post's item is
 * pk `POST#<postId>`, sk `POST`, with `status` `active` or `deleted` (a tombstone).
 */
export const postItemKey = (postId: string) => ({ pk: `POST#${postId}`, sk: 'POST' });

export interface PostSummary {
  postId: string;
  authorId: string;
  createdAt: string;
}

/** A live post's id, author and time, or undefined (never written or deleted); as "GetPost". */
export async function getPostSummary(postId: string): Promise<PostSummary | undefined> {
  return tracedOperation('GetPost', async () => {
    const table = tableName('posts');
    traceDynamoDBOperation('GetItem', table, { postId });
    const { Item } = await documentClient().send(
      new GetCommand({
        TableName: table,
        Key: postItemKey(postId),
        ProjectionExpression: 'postId, authorId, createdAt, #status',
        ExpressionAttributeNames: { '#status': 'status' },
      }),
    );
    if (!Item || Item.status !== 'active') return undefined;
    return {
      postId: String(Item.postId),
      authorId: String(Item.authorId),
      createdAt: String(Item.createdAt),
    };
  });
}
