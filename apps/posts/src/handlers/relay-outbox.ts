import { annotate, withTracing } from '@traced-social/observability';
import { publishFromOutbox } from '../store/post-events';
import { listPendingEvents } from '../store/posts-store';

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
    for (const { postId, event } of pending) {
      if (!(await publishFromOutbox(postId, event))) failed += 1;
    }
    annotate('failedRecords', failed);
    return { published: pending.length - failed, failed };
  },
  { operationType: 'RELAY_OUTBOX' },
);
