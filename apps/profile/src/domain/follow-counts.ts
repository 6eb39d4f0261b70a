/**
 * What a change of one follow edge does to the counts (decision 1400). An edge counts once it is
 * settled, and keeps counting while it is being removed (`pending: 'unfollow'`): listings show
 * exactly these edges. A stream record's delta is "counts after" minus "counts before".
 */
export interface EdgeImage {
  followerId: string;
  followeeId: string;
  pending?: string;
}

const counts = (edge: EdgeImage | undefined): 0 | 1 => (edge && edge.pending !== 'follow' ? 1 : 0);

/** +1, −1 or 0 for a change of an edge from `before` to `after` (either may be absent). */
export function followCountDelta(
  before: EdgeImage | undefined,
  after: EdgeImage | undefined,
): -1 | 0 | 1 {
  return (counts(after) - counts(before)) as -1 | 0 | 1;
}
