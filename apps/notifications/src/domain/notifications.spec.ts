import { createEvent } from '@traced-social/events';
import { markReadBodySchema, notificationFor, notificationIdSchema } from './notifications';

describe('notification rules', () => {
  const at = '2026-11-26T10:00:00.000Z';

  it('tells the author of a liked post who liked it, with an id of time and event', () => {
    const liked = createEvent('POST_LIKED', {
      postId: 'p1',
      authorId: 'bob',
      likerId: 'ann',
      likedAt: at,
    });
    const notification = notificationFor(liked);
    expect(notification).toEqual({
      notificationId: `${liked.occurredAt}_${liked.eventId}`,
      recipientId: 'bob',
      actorId: 'ann',
      type: 'POST_LIKED',
      postId: 'p1',
      createdAt: liked.occurredAt,
      read: false,
    });
    expect(notificationIdSchema.safeParse(notification?.notificationId).success).toBe(true);
  });

  it('tells the followed user who followed them', () => {
    const followed = createEvent('USER_FOLLOWED', {
      followerId: 'ann',
      followeeId: 'bob',
      followedAt: at,
    });
    expect(notificationFor(followed)).toMatchObject({
      recipientId: 'bob',
      actorId: 'ann',
      type: 'USER_FOLLOWED',
    });
  });

  it('tells nobody about their own actions, nor about events of no interest', () => {
    expect(
      notificationFor(
        createEvent('POST_LIKED', { postId: 'p1', authorId: 'bob', likerId: 'bob', likedAt: at }),
      ),
    ).toBeUndefined();
    expect(
      notificationFor(
        createEvent('POST_CREATED', { postId: 'p1', authorId: 'bob', createdAt: at, text: 'x' }),
      ),
    ).toBeUndefined();
  });

  it('accepts either a list of ids or all, nothing else', () => {
    const id = `${at}_0b6c1d1e-4bd8-4f8e-8a5b-3c2d1e0f9a8b`;
    expect(markReadBodySchema.safeParse({ ids: [id] }).success).toBe(true);
    expect(markReadBodySchema.safeParse({ all: true }).success).toBe(true);
    expect(markReadBodySchema.safeParse({}).success).toBe(false);
    expect(markReadBodySchema.safeParse({ ids: [] }).success).toBe(false);
    expect(markReadBodySchema.safeParse({ ids: ['x'] }).success).toBe(false);
    expect(markReadBodySchema.safeParse({ ids: [id], all: true }).success).toBe(false);
  });
});
