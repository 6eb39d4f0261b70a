import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import {
  EVENT_SCHEMA_VERSION,
  domainEventSchema,
  eventPayloadSchemas,
  type DomainEvent,
  type EventOf,
  type EventPayload,
  type EventType,
} from './schemas';

export class InvalidEventError extends Error {
  constructor(
    message: string,
    readonly issues: string[] = [],
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}

/** A new event with a fresh id and the current time; the payload is validated now, not later. */
export function createEvent<T extends EventType>(
  type: T,
  payload: EventPayload<T>,
  options: { eventId?: string; occurredAt?: Date } = {},
): EventOf<T> {
  const checked = z.safeParse(eventPayloadSchemas[type], payload);
  if (!checked.success) {
    throw new InvalidEventError(`Invalid ${type} payload`, describeIssues(checked.error));
  }
  return {
    eventId: options.eventId ?? randomUUID(),
    type,
    occurredAt: (options.occurredAt ?? new Date()).toISOString(),
    version: EVENT_SCHEMA_VERSION,
    payload: checked.data,
  } as EventOf<T>;
}

/** Validates anything that claims to be a domain event (a decoded Kinesis record, say). */
export function parseEvent(value: unknown): DomainEvent {
  const parsed = z.safeParse(domainEventSchema, value);
  if (!parsed.success)
    throw new InvalidEventError('Invalid domain event', describeIssues(parsed.error));
  return parsed.data;
}

/**
 * The Kinesis partition key: events about one post share a shard (so POST_DELETED never
 * overtakes its POST_CREATED), follow events are ordered per follower.
 */
export function partitionKeyOf(event: DomainEvent): string {
  switch (event.type) {
    case 'POST_CREATED':
    case 'POST_DELETED':
    case 'POST_LIKED':
      return event.payload.postId;
    case 'USER_FOLLOWED':
    case 'USER_UNFOLLOWED':
      return event.payload.followerId;
  }
}

/** The bytes of a Kinesis record. */
export function encodeEvent(event: DomainEvent): Uint8Array {
  return Buffer.from(JSON.stringify(event), 'utf8');
}

/**
 * Reads a Kinesis record's data: raw bytes (the SDK's GetRecords) or base64 text (the
 * `kinesis.data` of a Lambda event record).
 */
export function decodeEvent(data: Uint8Array | string): DomainEvent {
  const text =
    typeof data === 'string'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data).toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidEventError('Kinesis record is not JSON');
  }
  return parseEvent(json);
}

function describeIssues(error: z.core.$ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
