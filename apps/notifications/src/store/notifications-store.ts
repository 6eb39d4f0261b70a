import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  documentClient,
  failedTransactionConditions,
  putIfNew,
  type TransactItem,
} from '@traced-social/aws-clients';
import type { CursorShape } from '@traced-social/http';
import { tableName } from '@traced-social/manifest';
import { addMetadata, traceDynamoDBOperation, tracedOperation } from '@traced-social/observability';
import {
  cooldownSubject,
  NOTIFICATION_COOLDOWN_SECONDS,
  UNREAD_SCAN_LIMIT,
  type Notification,
} from '../domain/notifications';
import {
  fromNotificationItem,
  NOTIFICATION_PREFIX,
  notificationKey,
  cooldownKey,
  toNotificationItem,
  userPartition,
  type NotificationView,
} from './notification-items';

const notificationsTable = () => tableName('notifications');

export type SaveOutcome = 'saved' | 'duplicate' | 'cooling-down';

/**
 * Stores a notification, as "SaveNotification", unless the same news was told recently: one
 * transaction puts it (conditional on its key being new: a redelivered event is a `duplicate`)
 * and claims its cooldown (conditional on no claim still running: the same type, actor and
 * target within NOTIFICATION_COOLDOWN_SECONDS is `cooling-down`, decision 1403).
 */
export async function saveNotification(
  notification: Notification,
  now = Date.now(),
): Promise<SaveOutcome> {
  return tracedOperation('SaveNotification', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('TransactWriteItems', table, { userId: notification.recipientId });
    const until = Math.floor(now / 1000) + NOTIFICATION_COOLDOWN_SECONDS;
    try {
      await documentClient().send(
        new TransactWriteCommand({
          TransactItems: [
            putIfNew(table, { ...toNotificationItem(notification) }),
            {
              Update: {
                TableName: table,
                Key: cooldownKey(notification.recipientId, cooldownSubject(notification)),
                ConditionExpression: 'attribute_not_exists(pk) OR #until <= :now',
                // `told`: how often this news was told (once per cooldown), kept with the claim.
                UpdateExpression:
                  'SET #until = :until, expiresAt = :until, told = if_not_exists(told, :zero) + :one',
                ExpressionAttributeNames: { '#until': 'until' },
                ExpressionAttributeValues: {
                  ':now': Math.floor(now / 1000),
                  ':until': until,
                  ':zero': 0,
                  ':one': 1,
                },
              },
            },
          ],
        }),
      );
      return 'saved';
    } catch (error) {
      const failed = failedTransactionConditions(error);
      if (failed.includes(0)) return 'duplicate';
      if (failed.includes(1)) {
        addMetadata('notification', { suppressed: 'cooling-down' });
        return 'cooling-down';
      }
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
    const [page, unread] = await Promise.all([
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
      documentClient().send(newestUnread(table, userId, 'COUNT')),
    ]);
    return {
      notifications: (page.Items ?? []).map(fromNotificationItem),
      unreadCount: unread.Count ?? 0,
      nextKey: page.LastEvaluatedKey as Record<string, string> | undefined,
    };
  });
}

/** The cursors of a user's notifications: pinned to the user's partition, with its sort key. */
export const notificationsCursorShape = (userId: string): CursorShape => ({
  pinned: { pk: userPartition(userId) },
  keys: ['sk'],
});

/** Transactions of at most this many notifications. */
const MARK_CHUNK = 25;

/**
 * Marks notifications read, as "MarkRead": chunks of notifications flip from unread to read in
 * one transaction. Ids that are unknown or already read are skipped (their condition fails; the
 * chunk is retried without them). Returns how many changed.
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

/**
 * Ids of a user's unread notifications among the newest UNREAD_SCAN_LIMIT, newest first, as
 * "FindUnread": one bounded read, whatever the partition holds.
 */
export async function findUnread(userId: string): Promise<string[]> {
  return tracedOperation('FindUnread', async () => {
    const table = notificationsTable();
    traceDynamoDBOperation('Query', table, { userId, unread: true });
    const page = await documentClient().send(newestUnread(table, userId, 'ALL_ATTRIBUTES'));
    return (page.Items ?? []).map((item) => String(item.notificationId));
  });
}

/**
 * The unread among a user's newest UNREAD_SCAN_LIMIT notifications: `Limit` bounds the items
 * read (the filter applies after it), so the cost does not grow with the partition.
 */
function newestUnread(table: string, userId: string, select: 'COUNT' | 'ALL_ATTRIBUTES') {
  return new QueryCommand({
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
    Limit: UNREAD_SCAN_LIMIT,
    Select: select,
  });
}
