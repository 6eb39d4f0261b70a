import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/**
 * Credentials every emulator accepts: s3rver knows only its built-in S3RVER key pair (and checks
 * signatures made with it); dynalite and kinesalite check that a request is signed, not by whom.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A Kinesis client for kinesalite (HTTP/1.1: the SDK's default HTTP/2 handler fails on it). */
export function localKinesisClient(endpoint: string, region: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  });
}
