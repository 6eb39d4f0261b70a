import {
  authenticate,
  decodeCursor,
  httpApi,
  pageQuerySchema,
  pageResponse,
  validateRequest,
} from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { listNotifications, notificationsCursorShape } from '../store/notifications-store';

/** `GET /notifications?limit&cursor` → 200 {notifications, unreadCount, nextCursor?}. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { query: q } = validateRequest(event, { query: pageQuerySchema });
    const startKey = decodeCursor(q.cursor, notificationsCursorShape(user.userId));
    const page = await listNotifications(user.userId, q.limit, startKey);
    return pageResponse(
      { notifications: page.notifications, unreadCount: page.unreadCount },
      page.nextKey,
    );
  }),
  { operationType: 'LIST_NOTIFICATIONS' },
);
