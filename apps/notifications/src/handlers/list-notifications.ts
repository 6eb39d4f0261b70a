import {
  authenticate,
  decodeCursor,
  encodeCursor,
  httpApi,
  json,
  validateRequest,
} from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { z } from 'zod';
import { listNotifications, notificationsCursorKey } from '../store/notifications-store';

const query = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().optional(),
});

/** `GET /notifications?limit&cursor` → 200 {notifications, unreadCount, nextCursor?}. */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { query: q } = validateRequest(event, { query });
    const startKey = decodeCursor(q.cursor, notificationsCursorKey(user.userId));
    const page = await listNotifications(user.userId, q.limit, startKey);
    const nextCursor = encodeCursor(page.nextKey);
    return json(200, {
      notifications: page.notifications,
      unreadCount: page.unreadCount,
      ...(nextCursor ? { nextCursor } : {}),
    });
  }),
  { operationType: 'LIST_NOTIFICATIONS' },
);
