import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { formatUrl } from '@aws-sdk/core/util';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { deleteOrphanedMedia } from './media-objects';
import { presignUpload } from './presigned-upload';
import { s3ObjectRequest, s3Signer, withUnsignedPayload } from './s3-object-requests';
import { startS3rver, type RunningEmulator } from './testing/emulators';

/**
 * The emulator tests (posts, profile, aws-clients) PUT through presigned URLs and delete through
 * these requests on s3rver. What s3rver cannot show is real S3's addressing (virtual-hosted or
 * path-style host, partition DNS suffix) and signing: here every request is signed exactly as
 * the S3 client's own presigner signs the same command, byte for byte.
 */
describe('S3 object requests without the S3 client', () => {
  const signingDate = new Date('2026-01-02T03:04:05Z');
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'secret',
    sessionToken: 'token',
  };
  // The signer takes the function's credentials from the default chain, as in Lambda: the
  // environment.
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    process.env.AWS_SESSION_TOKEN = credentials.sessionToken;
  });
  afterAll(() => {
    process.env = saved;
  });
  const envIn = (region: string): NodeJS.ProcessEnv => ({ ...process.env, AWS_REGION: region });
  const cases = [
    { region: 'eu-west-1', bucket: 'traced-social-media-1a2b', key: 'posts/p1/image.png' },
    { region: 'us-east-1', bucket: 'traced-social-media-1a2b', key: 'avatars/u1/a b+c=é.webp' },
    { region: 'cn-north-1', bucket: 'media.with.dots', key: "x/y~z*(1)!'.jpg" },
    { region: 'us-gov-west-1', bucket: 'Media_Upper', key: 'k' },
  ];

  it.each(cases)(
    'presigns a sized PUT as the S3 presigner does ($region, $bucket)',
    async ({ region, bucket, key }) => {
      const env = envIn(region);
      // As the project configured its S3 client: the default checksum mode signs an empty
      // body's CRC32 into a presigned PUT, which no upload could match.
      const client = new S3Client({
        region,
        credentials,
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      const headers = { 'content-type': 'image/png', 'content-length': '4' };
      const signableHeaders = new Set(Object.keys(headers));
      const expected = await getSignedUrl(
        client,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          ContentType: 'image/png',
          ContentLength: 4,
        }),
        { expiresIn: 300, signingDate, signableHeaders },
      );
      const request = withUnsignedPayload(s3ObjectRequest('PutObject', bucket, key, headers, env));
      const presigned = await s3Signer(env).presign(request, {
        expiresIn: 300,
        signingDate,
        signableHeaders,
      });
      expect(formatUrl(presigned)).toBe(expected);
    },
  );

  it.each(cases)(
    'addresses and signs a DeleteObject as the S3 client does ($region, $bucket)',
    async ({ region, bucket, key }) => {
      const env = envIn(region);
      const client = new S3Client({ region, credentials });
      const expected = await getSignedUrl(
        client,
        new DeleteObjectCommand({ Bucket: bucket, Key: key }),
        { expiresIn: 60, signingDate },
      );
      const request = withUnsignedPayload(s3ObjectRequest('DeleteObject', bucket, key, {}, env));
      const presigned = await s3Signer(env).presign(request, { expiresIn: 60, signingDate });
      expect(formatUrl(presigned)).toBe(expected);
    },
  );

  it('goes path-style to the configured endpoint locally, with the emulator account', async () => {
    const env = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4569' };
    const request = s3ObjectRequest('DeleteObject', 'media', 'posts/p1/a b.png', {}, env);
    expect(formatUrl(request)).toBe(
      'http://127.0.0.1:4569/media/posts/p1/a%20b.png?x-id=DeleteObject',
    );
    const signed = await s3Signer(env).sign(request, { signingDate });
    expect(signed.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=S3RVER\/20260102\/us-east-1\/s3\/aws4_request, SignedHeaders=host;/,
    );
  });

  it('refuses to address real S3 without a region', () => {
    expect(() => s3ObjectRequest('PutObject', 'media', 'k', {}, {})).toThrow(/AWS_REGION/);
  });
});

describe('uploads and deletes on the S3 emulator', () => {
  const bucket = 'media-objects-test';
  let s3: RunningEmulator;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startS3rver([bucket]);
    process.env.AWS_ENDPOINT_URL_S3 = s3.endpoint;
    delete process.env.AWS_ACCESS_KEY_ID;
  });
  afterAll(async () => {
    process.env = saved;
    await s3.stop();
  });
  const objectUrl = (key: string) => `${s3.endpoint}/${bucket}/${key}`;

  // s3rver does not check signed headers; that S3 would refuse another size or type follows from
  // the signature, proven equal to the SDK presigner's above.
  it('stores an upload through the presigned URL, its type and size signed', async () => {
    const upload = await presignUpload({
      bucket,
      key: 'posts/p1/ok.png',
      contentType: 'image/png',
      contentLength: 4,
    });
    expect(new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')).toBe(
      'content-length;content-type;host',
    );
    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'abcd' });
    expect(put.status).toBe(200);
    expect(await (await fetch(objectUrl('posts/p1/ok.png'))).text()).toBe('abcd');
  });

  it('deletes an object, and reports a failed delete without throwing', async () => {
    const key = 'avatars/u1/old image.webp';
    const upload = await presignUpload({ bucket, key, contentType: 'image/webp' });
    await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'old' });
    expect((await fetch(objectUrl(encodeURI(key)))).status).toBe(200);

    expect(await deleteOrphanedMedia(bucket, key)).toBe(true);
    expect((await fetch(objectUrl(encodeURI(key)))).status).toBe(404);
    expect(await deleteOrphanedMedia('no-such-bucket', key)).toBe(false);
  });
});
