import type { Context } from 'aws-lambda';
import { timeBudget } from '@traced-social/events';
import { publishEvents } from '@traced-social/aws-clients';
import { annotate, withTracing } from '@traced-social/observability';
import { isVoidEvent } from '../domain/post';
import { nextRoundSize } from '../domain/relay-rounds';
import { listPendingEvents, markEventsPublished, type PendingEvent } from '../store/posts-store';

/**
 * Scheduled (every minute): drains the posts outbox (events Kinesis refused during a request),
 * oldest first, in rounds until the outbox is empty or the time budget is spent (decision 1404):
 * each round reads up to READ_PER_PARTITION posts from every partition (450 at most) of the outbox index
 * (fewer when the time left asks for a smaller round: decision 1441),
 * publishes their events with PutRecords (500 per call) and clears the published ones. Events
 * Kinesis refused stay for the next run. A deleted post's POST_CREATED is dropped unpublished.
 */
export const RELAY_BUDGET_MS = 45_000;
/** Time kept back from the invocation's remaining time. */
const SAFETY_MARGIN_MS = 5_000;

export interface RelayReport {
  published: number;
  failed: number;
  voided: number;
  rounds: number;
}

export const handler = withTracing(
  async (_event: unknown, context?: Context) => {
    const remaining = timeBudget(RELAY_BUDGET_MS, SAFETY_MARGIN_MS, context);
    const report: RelayReport = { published: 0, failed: 0, voided: 0, rounds: 0 };
    // Events handled in this run: a lagging index read must not publish them a second time.
    const done = new Set<string>();
    // Each round sized to the time left at the slowest pace seen so far (nextRoundSize).
    let slowestMsPerEvent = 0;
    for (let size = nextRoundSize(remaining(), 0); size > 0;) {
      const roundStartedAt = Date.now();
      const pending = (await listPendingEvents(size)).filter(
        ({ event }) => !done.has(event.eventId),
      );
      if (!pending.length) break;
      report.rounds += 1;
      await relayRound(pending, report, done);
      const msPerEvent = (Date.now() - roundStartedAt) / pending.length;
      slowestMsPerEvent = Math.max(slowestMsPerEvent, msPerEvent);
      size = nextRoundSize(remaining(), slowestMsPerEvent);
    }
    annotate('batchSize', report.published + report.failed + report.voided);
    annotate('failedRecords', report.failed);
    return report;
  },
  { operationType: 'RELAY_OUTBOX' },
);

async function relayRound(
  pending: PendingEvent[],
  report: RelayReport,
  done: Set<string>,
): Promise<void> {
  const voided = pending.filter(({ event, postStatus }) => isVoidEvent(event, postStatus));
  const live = pending.filter((entry) => !voided.includes(entry));
  const { published, failed } = await publishEvents(live.map(({ event }) => event));
  const publishedIds = new Set(published);
  const cleared = [...voided, ...live.filter(({ event }) => publishedIds.has(event.eventId))];
  await markEventsPublished(
    cleared.map(({ postId, event }) => ({ postId, eventId: event.eventId })),
  );
  for (const { event } of pending) done.add(event.eventId);
  report.published += published.length;
  report.failed += failed.length;
  report.voided += voided.length;
}
