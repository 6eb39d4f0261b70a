/**
 * The key of a user's feed in the `feeds` table (`FEED#<userId>`, one item per entry, sorted by
 * `<createdAt>#<postId>`): the feed app writes and reads it; the load, the benches and the
 * trace-shape scenarios count a reader's entries by it. The rest of the table's layout is the
 * feed app's own (apps/feed/src/store/feed-items.ts).
 */
export const feedPartition = (userId: string) => `FEED#${userId}`;
