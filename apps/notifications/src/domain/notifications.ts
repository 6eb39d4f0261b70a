import * as z from 'zod/mini';
import type { DomainEvent } from '@traced-social/events';

/** The rules of notifications, free of AWS: which events tell whom what. */

export type NotificationType = 'POST_LIKED' | 'USER_FOLLOWED';

export interface Notification {
  /** `<occurredAt>_<eventId>`: sorts by time, unique per event (the deduplication key). */
  notificationId: string;
  recipientId: string;
  type: NotificationType;
  actorId: string;
  postId?: string;
  createdAt: string;
  read: boolean;
}

export const notificationIdOf = (event: Pick<DomainEvent, 'occurredAt' | 'eventId'>): string =>
  `${event.occurredAt}_${event.eventId}`;

export const notificationIdSchema = z
  .string()
  .check(
    z.regex(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z_[0-9a-f-]{36}$/,
      'Invalid notification id',
    ),
  );

/**
 * One notification per (type, actor, target) within this window: a like/unlike/like loop, or a
 * follow/unfollow/follow loop, tells the recipient once (decision 1403).
 */
export const NOTIFICATION_COOLDOWN_SECONDS = 60 * 60;
/** Notifications expire (DynamoDB TTL) this long after they were made. */
export const NOTIFICATION_TTL_SECONDS = 30 * 24 * 3600;
/**
 * Reading unread notifications looks at most this many of the newest: the unread count is the
 * unread among them (a client shows this number as "200+"), and "mark all" marks those.
 */
export const UNREAD_SCAN_LIMIT = 200;

/** What a cooldown is kept per: the kind of news, who did it, and to what. */
export const cooldownSubject = (n: Pick<Notification, 'type' | 'actorId' | 'postId'>): string =>
  `${n.type}#${n.actorId}#${n.postId ?? '-'}`;

/** Ids marked read per request (`POST /notifications/read`). */
export const MAX_IDS_PER_REQUEST = 100;
/** Unread notifications marked by one "mark all" request (a client repeats while some remain). */
export const MAX_MARK_ALL = UNREAD_SCAN_LIMIT;

export const markReadBodySchema = z.union([
  z.strictObject({
    ids: z.array(notificationIdSchema).check(z.minLength(1), z.maxLength(MAX_IDS_PER_REQUEST)),
  }),
  z.strictObject({ all: z.literal(true) }),
]);
export type MarkReadBody = z.infer<typeof markReadBodySchema>;

/**
 * The notification an event deserves, or undefined: someone liked your post, someone followed
 * you. Nobody is told about their own actions (liking your own post).
 */
export function notificationFor(event: DomainEvent): Notification | undefined {
  const base = {
    notificationId: notificationIdOf(event),
    createdAt: event.occurredAt,
    read: false,
  };
  switch (event.type) {
    case 'POST_LIKED': {
      const { authorId, likerId, postId } = event.payload;
      if (authorId === likerId) return undefined;
      return { ...base, recipientId: authorId, actorId: likerId, type: 'POST_LIKED', postId };
    }
    case 'USER_FOLLOWED': {
      const { followerId, followeeId } = event.payload;
      if (followerId === followeeId) return undefined;
      return { ...base, recipientId: followeeId, actorId: followerId, type: 'USER_FOLLOWED' };
    }
    default:
      return undefined;
  }
}
