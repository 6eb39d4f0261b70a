import { deleteOrphanedMedia, presignUpload } from '@traced-social/aws-clients';
import { authenticate, httpApi, json, notFound, validateRequest } from '@traced-social/http';
import { bucketName } from '@traced-social/manifest';
import { withTracing } from '@traced-social/observability';
import { avatarKeyFor, avatarUploadBodySchema } from '../domain/profile-rules';
import { setAvatar } from '../store/profiles-store';

/**
 * `POST /profiles/me/avatar-upload` {contentType, size} → 200 {upload, profile}: a presigned PUT
 * (type and exact size signed, at most 2 MB), and the profile points at the new object key; the
 * avatar it replaces is deleted from the bucket.
 */
export const handler = withTracing(
  httpApi(async (event) => {
    const user = await authenticate(event);
    const { body } = validateRequest(event, { body: avatarUploadBodySchema });
    const key = avatarKeyFor(user.userId, body.contentType);
    const upload = await presignUpload({
      bucket: bucketName('media'),
      key,
      contentType: body.contentType,
      contentLength: body.size,
    });
    const changed = await setAvatar(user.userId, key);
    if (!changed) throw notFound('Profile not found');
    if (changed.replacedKey) await deleteOrphanedMedia(bucketName('media'), changed.replacedKey);
    return json(200, { upload, profile: changed.profile });
  }),
  { operationType: 'CREATE_AVATAR_UPLOAD' },
);
