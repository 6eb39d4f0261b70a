import { withTracing } from '@traced-social/observability';
import { getPostSummary, getUserProfile } from '../index';

/** Uses the lib's traced reads the way a handler does, for their contract test. */
export const handler = withTracing(
  async (event: { userId: string; postIds: string[] }) => {
    const profile = await getUserProfile(event.userId);
    const posts = [];
    for (const postId of event.postIds) posts.push(await getPostSummary(postId));
    return { profile, posts };
  },
  { operationType: 'TEST_TABLES' },
);
