import { withTracing } from '@traced-social/observability';
import { followListingApi } from './follow-listing';

/** `GET /profiles/{userId}/followers?limit&cursor` → 200 {users: [{userId, since}], nextCursor?} */
export const handler = withTracing(followListingApi('followers'), {
  operationType: 'LIST_FOLLOWERS',
});
