/**
 * How much fan-out work one invocation does, and which authors are not fanned out at all
 * (decision 1420). Read from the environment at each use so a deployment (or a test) can tune
 * them without a code change.
 */

/** Followers read per page: one fan-out step writes, then updates the cache, for one page. */
export const DEFAULT_FOLLOWER_PAGE_SIZE = 500;
/** Pages of followers one invocation delivers per post before it saves a checkpoint. */
export const DEFAULT_PAGES_PER_STEP = 4;
/** Steps one run of the resumer takes at most (besides its time budget). */
export const DEFAULT_STEPS_PER_RESUME = 100;
/**
 * Authors with at least this many followers are pulled at read time, never fanned out.
 * `FANOUT_PULL_THRESHOLD=off` fans every author out (push only, the bench's baseline).
 */
export const DEFAULT_PULL_THRESHOLD = 10_000;

export interface FanOutLimits {
  followerPageSize: number;
  pagesPerStep: number;
  stepsPerResume: number;
  pullThreshold: number;
}

export function fanOutLimits(env: NodeJS.ProcessEnv = process.env): FanOutLimits {
  return {
    followerPageSize: positive(env.FANOUT_FOLLOWER_PAGE_SIZE, DEFAULT_FOLLOWER_PAGE_SIZE),
    pagesPerStep: positive(env.FANOUT_PAGES_PER_STEP, DEFAULT_PAGES_PER_STEP),
    stepsPerResume: positive(env.FANOUT_STEPS_PER_RESUME, DEFAULT_STEPS_PER_RESUME),
    pullThreshold:
      env.FANOUT_PULL_THRESHOLD === 'off'
        ? Number.POSITIVE_INFINITY
        : positive(env.FANOUT_PULL_THRESHOLD, DEFAULT_PULL_THRESHOLD),
  };
}

function positive(raw: string | undefined, fallback: number): number {
  const value = Number(raw);
  return raw && Number.isInteger(value) && value > 0 ? value : fallback;
}
