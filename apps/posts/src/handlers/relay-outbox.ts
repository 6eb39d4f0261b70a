import { annotate, withTracing } from '@traced-social/observability';
import { isVoidEvent } from '../domain/post';
import { publishFromOutbox } from '../store/post-events';
import { listPendingEvents, markEventPublished } from '../store/posts-store';

/**
 * Scheduled: publishes the events left in the posts outbox (Kinesis refused them during the
 * request), oldest first. A bounded number per run keeps the trace within its subsegment budget.
 */
export const MAX_EVENTS_PER_RUN = 10;

export const handler = withTracing(
  async () => {
    const pending = (await listPendingEvents(MAX_EVENTS_PER_RUN)).slice(0, MAX_EVENTS_PER_RUN);
    annotate('batchSize', pending.length);
    let failed = 0;
    let voided = 0;
    for (const { postId, event, postStatus } of pending) {
      if (isVoidEvent(event, postStatus)) {
        // Left by a create racing the delete: never announce a deleted post's content.
        await markEventPublished(postId, event.eventId);
        voided += 1;
      } else if (!(await publishFromOutbox(postId, event))) failed += 1;
    }
    annotate('failedRecords', failed);
    return { published: pending.length - failed - voided, failed, voided };
  },
  { operationType: 'RELAY_OUTBOX' },
);
