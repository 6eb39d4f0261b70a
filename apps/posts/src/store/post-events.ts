import { publishEvent } from '@traced-social/aws-clients';
import type { DomainEvent } from '@traced-social/events';
import { addMetadata, captureTraceError, logger } from '@traced-social/observability';
import { markEventPublished } from './posts-store';

/**
 * Publishes an event already saved in its post's outbox, then clears it from the outbox. When
 * Kinesis refuses it, the event stays in the outbox (the `relay-outbox` function publishes it
 * later) and the failure is recorded on the trace: the request itself has succeeded.
 * Delivery is at least once: consumers deduplicate by event id.
 */
export async function publishFromOutbox(postId: string, event: DomainEvent): Promise<boolean> {
  try {
    await publishEvent(event);
  } catch (error) {
    // The PublishEvent subsegment holds the error; the request itself succeeded.
    const detail = {
      postId,
      eventId: event.eventId,
      eventType: event.type,
      reason: error instanceof Error ? error.name : 'unknown',
    };
    addMetadata('outbox', detail);
    logger.warn('Event left in the outbox for redelivery', detail);
    return false;
  }
  try {
    await markEventPublished(postId, event.eventId);
  } catch (error) {
    // Published but still in the outbox: the relay will publish it once more (a duplicate,
    // which consumers drop by event id). Nothing for the caller to undo.
    captureTraceError(error, { postId, eventId: event.eventId, eventType: event.type });
  }
  return true;
}
