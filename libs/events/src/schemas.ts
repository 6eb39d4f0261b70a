import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini ships no messages: English ones for the reasons a record is refused.
z.config(en());

/**
 * The domain events published on the `events` Kinesis stream. Every event is an envelope (id,
 * type, time, schema version, the producer's trace context) around a typed payload.
 */
const id = z.string().check(z.minLength(1), z.maxLength(128));

export const postCreatedPayload = z.object({
  postId: id,
  authorId: id,
  createdAt: z.iso.datetime(),
  text: z.string(),
  imageKey: z.optional(z.string()),
});

export const postDeletedPayload = z.object({
  postId: id,
  authorId: id,
  deletedAt: z.iso.datetime(),
});

export const userFollowedPayload = z.object({
  followerId: id,
  followeeId: id,
  followedAt: z.iso.datetime(),
});

export const userUnfollowedPayload = z.object({
  followerId: id,
  followeeId: id,
  unfollowedAt: z.iso.datetime(),
});

export const postLikedPayload = z.object({
  postId: id,
  authorId: id,
  likerId: id,
  likedAt: z.iso.datetime(),
});

/** Payload schema of each event type: the one list of what can travel on the stream. */
export const eventPayloadSchemas = {
  POST_CREATED: postCreatedPayload,
  POST_DELETED: postDeletedPayload,
  USER_FOLLOWED: userFollowedPayload,
  USER_UNFOLLOWED: userUnfollowedPayload,
  POST_LIKED: postLikedPayload,
} as const;

export type EventType = keyof typeof eventPayloadSchemas;
export const EVENT_TYPES = Object.keys(eventPayloadSchemas) as EventType[];
export type EventPayload<T extends EventType> = z.infer<(typeof eventPayloadSchemas)[T]>;

export const EVENT_SCHEMA_VERSION = 1;

const envelopeFields = {
  eventId: z.uuid(),
  occurredAt: z.iso.datetime(),
  version: z.literal(EVENT_SCHEMA_VERSION),
  /**
   * The producer's X-Ray trace header (`Root=...;Parent=...;Sampled=...`), stamped at publish
   * time so a consumer can record its work inside the producer's trace. Absent when untraced.
   */
  traceContext: z.optional(z.string().check(z.maxLength(256))),
};

const envelope = <T extends EventType>(type: T) =>
  z.object({ ...envelopeFields, type: z.literal(type), payload: eventPayloadSchemas[type] });

export const domainEventSchema = z.discriminatedUnion('type', [
  envelope('POST_CREATED'),
  envelope('POST_DELETED'),
  envelope('USER_FOLLOWED'),
  envelope('USER_UNFOLLOWED'),
  envelope('POST_LIKED'),
]);

export type DomainEvent = z.infer<typeof domainEventSchema>;
/** The event of one type, e.g. `EventOf<'POST_CREATED'>`. */
export type EventOf<T extends EventType> = Extract<DomainEvent, { type: T }>;
