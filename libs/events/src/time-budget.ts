/** The part of a Lambda context a time budget reads (absent when a test invokes the handler bare). */
export interface RemainingTimeSource {
  getRemainingTimeInMillis?: () => number;
}

/**
 * For scheduled jobs that work in rounds (the posts outbox relay, the feed's resume-fan-out): a
 * function giving the milliseconds left to start more work, the smaller of what is left of
 * `budgetMs` since this call and the invocation's remaining time less `marginMs` (kept back to
 * finish the round in flight before Lambda's timeout).
 */
export function timeBudget(
  budgetMs: number,
  marginMs: number,
  context?: RemainingTimeSource,
): () => number {
  const startedAt = Date.now();
  return () =>
    Math.min(
      budgetMs - (Date.now() - startedAt),
      (context?.getRemainingTimeInMillis?.() ?? Infinity) - marginMs,
    );
}
