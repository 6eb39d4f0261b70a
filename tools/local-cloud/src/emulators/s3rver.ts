import S3rver from 's3rver';
import type { RunningEmulator } from './dynalite';

/**
 * CORS for buckets declared with `corsUploads`: a browser on any origin may PUT to a presigned URL
 * (and GET what it uploaded). ETag is exposed so upload libraries can read it.
 */
const CORS_UPLOADS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    <AllowedMethod>GET</AllowedMethod>
    <AllowedMethod>PUT</AllowedMethod>
    <AllowedMethod>HEAD</AllowedMethod>
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>`;

export interface BucketToCreate {
  name: string;
  corsUploads: boolean;
}

/**
 * s3rver (S3) storing objects as files under `directory`. Buckets are created (idempotently) and
 * configured before it accepts requests. Path-style URLs: clients need `forcePathStyle: true`.
 */
export async function startS3rver(
  host: string,
  port: number,
  directory: string,
  buckets: BucketToCreate[],
): Promise<RunningEmulator> {
  const server = new S3rver({
    address: host,
    port,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: buckets.map((b) => ({
      name: b.name,
      configs: b.corsUploads ? [CORS_UPLOADS] : [],
    })),
  });
  const address = await server.run();
  return {
    endpoint: `http://${host}:${address.port}`,
    port: address.port,
    stop: () => server.close(),
  };
}
