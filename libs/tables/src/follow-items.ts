/**
 * Item layout of the `follows` table (profile writes it; feed reads followers for fan-out).
 *
 * One item per edge: pk `USER#<followerId>`, sk `FOLLOWS#<followeeId>` (whom a user follows),
 * and on gsi1 pk `USER#<followeeId>`, sk `FOLLOWER#<followerId>` (who follows a user).
 * An edge with `pending` set is being created or removed; readers skip it.
 */
export const followKeys = {
  edge: (followerId: string, followeeId: string) => ({
    pk: `USER#${followerId}`,
    sk: `FOLLOWS#${followeeId}`,
  }),
  followerIndex: (followeeId: string, followerId: string) => ({
    gsi1pk: `USER#${followeeId}`,
    gsi1sk: `FOLLOWER#${followerId}`,
  }),
  /** Query prefixes. */
  followingPrefix: 'FOLLOWS#',
  followerPrefix: 'FOLLOWER#',
  userPartition: (userId: string) => `USER#${userId}`,
};

export interface FollowEdge {
  followerId: string;
  followeeId: string;
  createdAt: string;
}

/** A settled edge as stored: both keys and the edge's fields (seeding tests and benches). */
export function followEdgeItem(followerId: string, followeeId: string, createdAt: string) {
  return {
    ...followKeys.edge(followerId, followeeId),
    ...followKeys.followerIndex(followeeId, followerId),
    followerId,
    followeeId,
    createdAt,
  };
}
