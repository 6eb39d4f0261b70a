import type { Notification } from '../domain/notifications';

/**
 * Item layout of the `notifications` table.
 *
 * | pk              | sk                                   | what                          |
 * |-----------------|--------------------------------------|-------------------------------|
 * | `USER#<userId>` | `NOTIF#<occurredAt>_<eventId>`       | a notification, newest last   |
 * | `USER#<userId>` | `UNREAD`                             | `unreadCount` (atomic ADD)    |
 *
 * The sort key holds the event id: a second delivery of the same event hits the same key, and
 * the conditional put refuses it (deduplication by event id).
 */
export const NOTIFICATION_PREFIX = 'NOTIF#';
export const userPartition = (userId: string) => `USER#${userId}`;
export const notificationKey = (userId: string, notificationId: string) => ({
  pk: userPartition(userId),
  sk: `${NOTIFICATION_PREFIX}${notificationId}`,
});
export const unreadKey = (userId: string) => ({ pk: userPartition(userId), sk: 'UNREAD' });

export interface NotificationItem extends Omit<Notification, 'recipientId'> {
  pk: string;
  sk: string;
}

export function toNotificationItem(notification: Notification): NotificationItem {
  const { recipientId, ...rest } = notification;
  return { ...notificationKey(recipientId, notification.notificationId), ...rest };
}

/** What the API answers for a stored notification (keys dropped). */
export function fromNotificationItem(item: Record<string, unknown>) {
  return {
    notificationId: String(item.notificationId),
    type: String(item.type),
    actorId: String(item.actorId),
    ...(typeof item.postId === 'string' ? { postId: item.postId } : {}),
    createdAt: String(item.createdAt),
    read: item.read === true,
  };
}
export type NotificationView = ReturnType<typeof fromNotificationItem>;
