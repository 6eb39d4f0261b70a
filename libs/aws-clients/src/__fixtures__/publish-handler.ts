import { createEvent } from '@traced-social/events';
import { withTracing } from '@traced-social/observability';
import { presignUpload, publishEvent } from '../index';

/** Uses the lib's traced helpers the way a handler does, for their contract test. */
export const handler = withTracing(
  async (event: { userId: string; bucket: string }) => {
    const upload = await presignUpload({
      bucket: event.bucket,
      key: `test/${event.userId}.png`,
      contentType: 'image/png',
      contentLength: 4,
    });
    const published = await publishEvent(
      createEvent('USER_FOLLOWED', {
        followerId: event.userId,
        followeeId: 'someone',
        followedAt: new Date().toISOString(),
      }),
    );
    return { upload, published };
  },
  { operationType: 'TEST_AWS_CLIENTS' },
);
