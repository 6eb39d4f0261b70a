import { NOTIFICATION_TTL_SECONDS, type Notification } from '../domain/notifications';

/**
 * Item layout of the `notifications` table.
 *
 * | pk              | sk                                   | what                                  |
 * |-----------------|--------------------------------------|---------------------------------------|
 * | `USER#<userId>` | `NOTIF#<occurredAt>_<eventId>`       | a notification, newest last (TTL)     |
 * | `USER#<userId>` | `COOLDOWN#<type>#<actorId>#<postId>` | until when the same news is not told  |
 *
 * The sort key holds the event id: a second delivery of the same event hits the same key, and
 * the conditional put refuses it (deduplication by event id). Every item expires (`expiresAt`).
 */
export const NOTIFICATION_PREFIX = 'NOTIF#';
export const userPartition = (userId: string) => `USER#${userId}`;
export const notificationKey = (userId: string, notificationId: string) => ({
  pk: userPartition(userId),
  sk: `${NOTIFICATION_PREFIX}${notificationId}`,
});
export const cooldownKey = (userId: string, subject: string) => ({
  pk: userPartition(userId),
  sk: `COOLDOWN#${subject}`,
});

export interface NotificationItem extends Omit<Notification, 'recipientId'> {
  pk: string;
  sk: string;
  /** Epoch seconds: DynamoDB's TTL deletes the item after this. */
  expiresAt: number;
}

export function toNotificationItem(notification: Notification): NotificationItem {
  const { recipientId, ...rest } = notification;
  return {
    ...notificationKey(recipientId, notification.notificationId),
    ...rest,
    expiresAt: Math.floor(Date.parse(notification.createdAt) / 1000) + NOTIFICATION_TTL_SECONDS,
  };
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
