import { withTracing } from '@traced-social/observability';
import { followListingApi } from './follow-listing';

/** `GET /profiles/{userId}/following?limit&cursor` → 200 {users: [{userId, since}], nextCursor?} */
export const handler = withTracing(followListingApi('following'), {
  operationType: 'LIST_FOLLOWING',
});
