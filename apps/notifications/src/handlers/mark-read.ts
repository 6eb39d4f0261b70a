import { authenticate, httpApi, json, validateRequest } from '@traced-social/http';
import { withTracing } from '@traced-social/observability';
import { MAX_MARK_ALL, markReadBodySchema } from '../domain/notifications';
import { findUnread, markRead } from '../store/notifications-store';

/**
 * `POST /notifications/read` {ids: [...]} or {all: true} → 200 {marked, remaining?}: unknown or
 * already read ids are skipped. "All" marks the unread among the newest MAX_MARK_ALL (one bounded
 * read) and says whether some may remain.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { body } = validateRequest(event, { body: markReadBodySchema });
    if ('ids' in body) return json(200, { marked: await markRead(user.userId, body.ids) });
    const unread = await findUnread(user.userId);
    const marked = await markRead(user.userId, unread);
    // Every one of the newest looked at was unread: older ones may be too.
    return json(200, { marked, remaining: unread.length >= MAX_MARK_ALL });
  }),
  { operationType: 'MARK_NOTIFICATIONS_READ' },
);
