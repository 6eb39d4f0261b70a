import { GetRecordsCommand, GetShardIteratorCommand, KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import type Redis from 'ioredis';
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
    Records: Records.map((r) =>
      kinesisRecord(
        stream,
        r.Data!,
        r.SequenceNumber!,
        r.PartitionKey,
        r.ApproximateArrivalTimestamp,
      ),
    ),
  };
}

/** Removes a test's Redis keys (all under its own prefix) and closes the connection. */
export async function dropRedisKeysAndQuit(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
}
