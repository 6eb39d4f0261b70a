import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import Redis from 'ioredis';
import { startTestRedis } from '@traced-social/local-redis';
import { invokeAsLambda, type LambdaInvocation, type SegmentCapture } from '../../testing';
import { emulatorEnv } from './emulators';

type KinesisRecord = KinesisStreamEvent['Records'][number];

/** A Kinesis client for kinesalite (HTTP/1.1: the SDK's default HTTP/2 handler fails there). */
export function kinesaliteClient(endpoint: string): KinesisClient {
  return new KinesisClient({
    endpoint,
    region: emulatorEnv.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
}

/** A Kinesis record of `stream` as Lambda's event source delivers it (data base64-encoded). */
export function kinesisRecord(
  stream: string,
  data: Uint8Array,
  sequenceNumber: string,
  partitionKey = 'post',
  arrival = new Date(),
): KinesisRecord {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber,
      data: Buffer.from(data).toString('base64'),
      approximateArrivalTimestamp: arrival.getTime() / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000000:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/consumer',
    awsRegion: emulatorEnv.AWS_REGION,
    eventSourceARN: `arn:aws:kinesis:${emulatorEnv.AWS_REGION}:000000000000:stream/${stream}`,
  };
}

/** The records of a one-shard stream so far, as Lambda's Kinesis event source would deliver them. */
export async function readStreamAsEvent(
  kinesis: KinesisClient,
  stream: string,
): Promise<KinesisStreamEvent> {
  const { ShardIterator } = await kinesis.send(
    new GetShardIteratorCommand({
      StreamName: stream,
      ShardId: 'shardId-000000000000',
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
  return {
    Records: Records.map((r) => {
      // GetRecords always returns both for a record; the SDK's types leave them optional.
      if (!r.Data || !r.SequenceNumber) throw new Error(`incomplete Kinesis record from ${stream}`);
      return kinesisRecord(
        stream,
        r.Data,
        r.SequenceNumber,
        r.PartitionKey,
        r.ApproximateArrivalTimestamp,
      );
    }),
  };
}

/** A test file's Redis (`startTestRedis`: 6379 or one it starts) with a client. */
export interface PrefixedRedis {
  url: string;
  client: Redis;
  /** Drops the test's keys (all under its prefix), quits, and stops a server it started. */
  close(): Promise<void>;
}

export async function startPrefixedRedis(prefix: string): Promise<PrefixedRedis> {
  const server = await startTestRedis();
  const client = new Redis(server.url);
  return {
    url: server.url,
    client,
    close: async () => {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length) await client.del(...keys);
      await client.quit();
      await server.stop();
    },
  };
}

const KINESIS_HANDLERS = require.resolve('../fixtures/kinesis-handlers');

/**
 * Invokes the `producer` (publishes a post event) or `consumer` (caches each record in Redis) of
 * `fixtures/kinesis-handlers`, as the function `producer-fn` or `consumer-fn`.
 */
export function invokeKinesisFixture(
  capture: SegmentCapture,
  role: 'producer' | 'consumer',
  env: Record<string, string>,
  event: unknown,
): Promise<LambdaInvocation<unknown>> {
  return invokeAsLambda({
    capture,
    handler: KINESIS_HANDLERS,
    exportName: role,
    functionName: `${role}-fn`,
    env,
    event,
  });
}

/** Where a record's processing lands in the producer's trace: under its publish subsegment. */
export const PRODUCER_TO_CACHE_PATH = [
  'producer-fn',
  'producer-fn',
  '## kinesis-handlers.producer',
  'PublishEvent',
  'Kinesis Consumer',
  'Redis Cache Update',
] as const;
