import type { KinesisStreamEvent } from 'aws-lambda';
import { processDomainEvents } from '@traced-social/aws-clients';
import type { DomainEvent } from '@traced-social/events';
import { annotate, withTracing } from '@traced-social/observability';
import { notificationFor } from '../domain/notifications';
import { saveNotification } from '../store/notifications-store';

/**
 * Kinesis consumer of the `events` stream: POST_LIKED tells the post's author, USER_FOLLOWED the
 * followed user; never about your own action, and once per event id (a redelivered event finds
 * its notification and changes nothing). Traced in the producer's trace ("Kinesis Consumer" →
 * "SaveNotification").
 */
export const handler = withTracing(
  (event: KinesisStreamEvent) =>
    processDomainEvents(event.Records, recordNotification, (e) => notificationFor(e) !== undefined),
  { operationType: 'RECORD_NOTIFICATIONS' },
);

async function recordNotification(event: DomainEvent): Promise<void> {
  const notification = notificationFor(event);
  if (!notification) return;
  annotate('userId', notification.recipientId);
  annotate('notificationId', notification.notificationId);
  await saveNotification(notification);
}
