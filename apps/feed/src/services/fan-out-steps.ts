import { addMetadata } from '@traced-social/observability';
import { feedOwners, feedPosition, type FeedEntry } from '../domain/feed';
import type { FanOutLimits } from '../domain/fan-out-limits';
import { addToCachedFeeds, removeFromCachedFeeds } from '../store/feed-cache';
import { deleteFeedEntries, writeFeedEntries } from '../store/feed-store';
import {
  clearCheckpoint,
  pendingCheckpoints,
  saveCheckpoint,
  type FanOutCheckpoint,
} from '../store/fan-out-checkpoints';
import { followerPages } from '../store/followers';
import { bestEffort } from './best-effort';

/**
 * Fan-out in bounded steps (decision 1420): a step delivers (or withdraws) a post to at most
 * `pagesPerStep` pages of followers, then saves where it stopped in a checkpoint that the
 * scheduled resumer picks up. No author's size can make one invocation run long, and the Kinesis
 * shard moves on after the first step.
 */
export type StepOutcome =
  | { state: 'done' }
  | { state: 'paused'; checkpoint: FanOutCheckpoint }
  /** A withdrawal replaced this delivery's checkpoint (the post was deleted): stop. */
  | { state: 'superseded' };

export async function runFanOutStep(
  checkpoint: FanOutCheckpoint,
  limits: FanOutLimits,
  options: { resumed: boolean },
): Promise<StepOutcome> {
  const { entry, operation } = checkpoint;
  // The author's own feed rides with the first page of a fan-out, not with resumed ones.
  let withAuthor = checkpoint.resumeAfter === undefined;
  let pages = 0;
  for await (const page of followerPages(
    entry.authorId,
    limits.followerPageSize,
    checkpoint.resumeAfter,
  )) {
    const owners = withAuthor ? feedOwners(entry.authorId, page.followers) : page.followers;
    withAuthor = false;
    if (owners.length) await applyToPage(operation, owners, entry);
    pages += 1;
    if (page.next && pages >= limits.pagesPerStep) {
      const next: FanOutCheckpoint = { ...checkpoint, resumeAfter: page.next };
      addMetadata('fanOutStep', { postId: entry.postId, operation, pages, paused: true });
      return (await saveCheckpoint(next, { first: !options.resumed }))
        ? { state: 'paused', checkpoint: next }
        : { state: 'superseded' };
    }
  }
  if (options.resumed) await clearCheckpoint(entry.postId, operation);
  return { state: 'done' };
}

async function applyToPage(
  operation: FanOutCheckpoint['operation'],
  owners: string[],
  entry: FeedEntry,
): Promise<void> {
  if (operation === 'deliver') {
    await writeFeedEntries(owners, entry);
    await bestEffort(() => addToCachedFeeds(owners, entry), { postId: entry.postId });
  } else {
    await deleteFeedEntries(owners, feedPosition(entry));
    await bestEffort(() => removeFromCachedFeeds(owners, entry), { postId: entry.postId });
  }
}

export interface ResumeReport {
  /** Checkpoints picked up, steps run, and fan-outs finished in this invocation. */
  picked: number;
  steps: number;
  finished: number;
}

/**
 * Continues unfinished fan-outs, a step at a time, while `remainingMs()` and
 * `limits.stepsPerResume` allow (the scheduled resumer): each checkpoint is run to its end or until the time is spent, the next run goes on
 * from the saved checkpoints.
 */
export async function resumeFanOuts(
  limits: FanOutLimits,
  remainingMs: () => number,
  batch = 10,
): Promise<ResumeReport> {
  const report: ResumeReport = { picked: 0, steps: 0, finished: 0 };
  for (const checkpoint of await pendingCheckpoints(batch)) {
    report.picked += 1;
    let current: FanOutCheckpoint | undefined = checkpoint;
    while (current && remainingMs() > 0 && report.steps < limits.stepsPerResume) {
      const outcome = await runFanOutStep(current, limits, { resumed: true });
      report.steps += 1;
      current = outcome.state === 'paused' ? outcome.checkpoint : undefined;
      if (outcome.state === 'done') report.finished += 1;
    }
    if (remainingMs() <= 0 || report.steps >= limits.stepsPerResume) break;
  }
  return report;
}
