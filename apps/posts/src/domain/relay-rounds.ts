import { OUTBOX_PARTITIONS } from '@traced-social/tables';

/** Posts the relay reads from each outbox partition in a round, at most (decision 1404). */
export const READ_PER_PARTITION = 50;
/** A round is sized to take at most this share of the time left, at the slowest pace seen. */
const ROUND_SHARE = 2 / 3;
/** Fewer posts per partition than this do not pay for a round's reads: the run stops. */
export const MIN_READ_PER_PARTITION = 5;

/**
 * Posts to read per partition for the relay's next round (decision 1441): the full
 * READ_PER_PARTITION until the run knows its pace, then as many as fit in ROUND_SHARE of the time
 * left at the slowest pace per event seen, were every partition full. On a slow backend the rounds
 * shrink instead of stopping while a third of the budget is left; 0 when no round is worth it.
 */
export function nextRoundSize(remainingMs: number, slowestMsPerEvent: number): number {
  if (remainingMs <= 0) return 0;
  const fits = slowestMsPerEvent
    ? Math.floor((remainingMs * ROUND_SHARE) / slowestMsPerEvent / OUTBOX_PARTITIONS.length)
    : READ_PER_PARTITION;
  const size = Math.min(READ_PER_PARTITION, fits);
  return size >= MIN_READ_PER_PARTITION ? size : 0;
}
