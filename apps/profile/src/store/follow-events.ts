import { publishEvent } from '@traced-social/aws-clients';
import { createEvent } from '@traced-social/events';
import type { Announce } from './follow-store';

/** USER_FOLLOWED on the events stream; the follow's operation id is the event id. */
export const announceFollow: Announce = async (edge, opId) => {
  await publishEvent(
    createEvent(
      'USER_FOLLOWED',
      { followerId: edge.followerId, followeeId: edge.followeeId, followedAt: edge.createdAt },
      { eventId: opId },
    ),
  );
};

/** USER_UNFOLLOWED on the events stream; the unfollow's operation id is the event id. */
export const announceUnfollow: Announce = async (edge, opId) => {
  await publishEvent(
    createEvent(
      'USER_UNFOLLOWED',
      {
        followerId: edge.followerId,
        followeeId: edge.followeeId,
        unfollowedAt: new Date().toISOString(),
      },
      { eventId: opId },
    ),
  );
};
