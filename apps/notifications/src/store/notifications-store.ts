import {
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { documentClient, failedTransactionConditions } from '@traced-social/aws-clients';
import type { CursorShape } from '@traced-social/http';
import { tableName } from '@traced-social/manifest';
import { addMetadata, traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import type { Notification } from '../domain/notifications';
import {
  fromNotificationItem,
  NOTIFICATION_PREFIX,
  notificationKey,
  toNotificationItem,
  unreadKey,
  userPartition,
  type NotificationView,
} from './notification-items';

const notificationsTable = () => tableName('notifications');
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * Stores a notification and counts it unread in one transaction, as "SaveNotification". The put
 * is conditional on the key being new: a duplicate event (same id) changes nothing and answers
 * false.
 */
export async function saveNotification(notification: Notification): Promise<boolean> {
  return tracedOperation('SaveNotification', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('TransactWriteItems', table, { userId: notification.recipientId });
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: table,
                Item: toNotificationItem(notification),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            unreadChange(table, notification.recipientId, 1),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (failedTransactionConditions(error).includes(0)) return false;
      throw error;
    }
  });
}

export interface NotificationPage {
  notifications: NotificationView[];
  unreadCount: number;
  nextKey?: Record<string, string>;
}

/** A user's notifications newest first, and the unread count, as "ListNotifications". */
export async function listNotifications(
  userId: string,
  limit: number,
  startKey?: Record<string, string | number>,
): Promise<NotificationPage> {
  return tracedOperation('ListNotifications', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('Query', table, { userId });
    const [page, counter] = await Promise.all([
      documentClient().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': userPartition(userId),
            ':prefix': NOTIFICATION_PREFIX,
          },
          ScanIndexForward: false,
          Limit: limit,
          ExclusiveStartKey: startKey,
        }),
      ),
      documentClient().send(
        new GetCommand({ TableName: table, Key: unreadKey(userId), ConsistentRead: true }),
      ),
    ]);
    return {
      notifications: (page.Items ?? []).map(fromNotificationItem),
      unreadCount: Math.max(0, Number(counter.Item?.unreadCount ?? 0)),
      nextKey: page.LastEvaluatedKey as Record<string, string> | undefined,
    };
  });
}

/** The cursors of a user's notifications: pinned to the user's partition, with its sort key. */
export const notificationsCursorShape = (userId: string): CursorShape => ({
  pinned: { pk: userPartition(userId) },
  keys: ['sk'],
});

/** Transactions of at most this many notifications (plus the counter: DynamoDB allows 100). */
const MARK_CHUNK = 25;

/**
 * Marks notifications read, as "MarkRead": chunks of notifications flip from unread to read in
 * one transaction with the unread counter moving by as many. Ids that are unknown or already read
 * are skipped (their condition fails; the chunk is retried without them). Returns how many
 * changed.
 */
export async function markRead(userId: string, notificationIds: string[]): Promise<number> {
  return tracedOperation('MarkRead', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('TransactWriteItems', table, { userId, ids: notificationIds.length });
    const chunks: string[][] = [];
    const unique = [...new Set(notificationIds)];
    for (let i = 0; i < unique.length; i += MARK_CHUNK)
      chunks.push(unique.slice(i, i + MARK_CHUNK));
    let marked = 0;
    for (const chunk of chunks) marked += await markChunk(table, userId, chunk);
    addMetadata('markRead', { requested: notificationIds.length, marked });
    return marked;
  });
}

async function markChunk(table: string, userId: string, ids: string[]): Promise<number> {
  let pending = ids;
  // A failed condition names the items to drop; each retry has fewer, so this ends.
  while (pending.length) {
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            ...pending.map((id): TransactItem => ({
              Update: {
                TableName: table,
                Key: notificationKey(userId, id),
                ConditionExpression: 'attribute_exists(pk) AND #read = :unread',
                UpdateExpression: 'SET #read = :read',
                ExpressionAttributeNames: { '#read': 'read' },
                ExpressionAttributeValues: { ':unread': false, ':read': true },
              },
            })),
            unreadChange(table, userId, -pending.length),
          ],
        }),
      );
      return pending.length;
    } catch (error) {
      const failed = new Set(failedTransactionConditions(error));
      if (!failed.size) throw error;
      pending = pending.filter((_, index) => !failed.has(index));
    }
  }
  return 0;
}

/** Ids of a user's unread notifications, newest first, at most `limit`, as "FindUnread". */
export async function findUnread(userId: string, limit: number): Promise<string[]> {
  return tracedOperation('FindUnread', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('Query', table, { userId, unread: true });
    const ids: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documentClient().send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          FilterExpression: '#read = :unread',
          ExpressionAttributeNames: { '#read': 'read' },
          ExpressionAttributeValues: {
            ':pk': userPartition(userId),
            ':prefix': NOTIFICATION_PREFIX,
            ':unread': false,
          },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
        }),
      );
      ids.push(...(page.Items ?? []).map((item) => String(item.notificationId)));
      startKey = page.LastEvaluatedKey;
    } while (startKey && ids.length < limit);
    return ids.slice(0, limit);
  });
}

function unreadChange(table: string, userId: string, delta: number): TransactItem {
  return {
    Update: {
      TableName: table,
      Key: unreadKey(userId),
      UpdateExpression: 'ADD unreadCount :delta',
      ExpressionAttributeValues: { ':delta': delta },
    },
  };
}
