import {
  createEvent,
  decodeEvent,
  encodeEvent,
  InvalidEventError,
  parseEvent,
  partitionKeyOf,
} from './index';

describe('domain events', () => {
  const createdAt = '2026-11-26T10:00:00.000Z';

  it('creates a POST_CREATED event with id, time and version', () => {
    const event = createEvent(
      'POST_CREATED',
      { postId: 'p1', authorId: 'u1', createdAt, text: 'hello' },
      { occurredAt: new Date(createdAt) },
    );
    expect(event).toEqual({
      eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'POST_CREATED',
      occurredAt: createdAt,
      version: 1,
      payload: { postId: 'p1', authorId: 'u1', createdAt, text: 'hello' },
    });
  });

  it('refuses an invalid payload at creation, naming the field', () => {
    const create = () =>
      createEvent('USER_FOLLOWED', {
        followerId: '',
        followeeId: 'u2',
        followedAt: createdAt,
      });
    expect(create).toThrow(InvalidEventError);
    try {
      create();
    } catch (error) {
      expect((error as InvalidEventError).issues).toEqual([expect.stringMatching(/^followerId: /)]);
    }
  });

  it('round-trips through Kinesis bytes and Lambda base64, keeping the trace context', () => {
    const event = {
      ...createEvent('POST_DELETED', { postId: 'p1', authorId: 'u1', deletedAt: createdAt }),
      traceContext: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
    };
    const bytes = encodeEvent(event);
    expect(decodeEvent(bytes)).toEqual(event);
    expect(decodeEvent(Buffer.from(bytes).toString('base64'))).toEqual(event);
  });

  it('rejects records that are not JSON or not a known event', () => {
    expect(() => decodeEvent(Buffer.from('not json'))).toThrow('Kinesis record is not JSON');
    const unknownType = {
      ...createEvent('POST_LIKED', {
        postId: 'p',
        authorId: 'a',
        likerId: 'l',
        likedAt: createdAt,
      }),
      type: 'POST_SHARED',
    };
    expect(() => parseEvent(unknownType)).toThrow(InvalidEventError);
    const missingPayloadField = {
      ...createEvent('POST_DELETED', { postId: 'p1', authorId: 'u1', deletedAt: createdAt }),
      payload: { postId: 'p1' },
    };
    expect(() => parseEvent(missingPayloadField)).toThrow(InvalidEventError);
  });

  it('partitions post events by post and follow events by follower', () => {
    expect(
      partitionKeyOf(
        createEvent('POST_CREATED', { postId: 'p9', authorId: 'u1', createdAt, text: '' }),
      ),
    ).toBe('p9');
    expect(
      partitionKeyOf(
        createEvent('USER_FOLLOWED', { followerId: 'u1', followeeId: 'u2', followedAt: createdAt }),
      ),
    ).toBe('u1');
  });
});
