import { randomUUID } from 'node:crypto';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisStreamEvent } from 'aws-lambda';
import Redis from 'ioredis';
import {
  expectTrace,
  invokeAsLambda,
  startSegmentCapture,
  type SegmentCapture,
} from '../../../testing';
import { emulatorEnv, startKinesalite, type Emulator } from '../../../__tests__/support/emulators';

/**
 * Kinesis propagation across backends: the carried field holds an X-Ray trace header whatever the
 * backend, so a producer on one backend and a consumer on the other make one trace.
 */
const handlers = require.resolve('../../../__tests__/fixtures/kinesis-handlers');
const REDIS_PREFIX = `obs-mixed:${randomUUID()}:`;

describe('producer and consumer on different tracing backends (kinesalite, Redis)', () => {
  let capture: SegmentCapture;
  let kinesalite: Emulator;
  let kinesis: KinesisClient;
  let redis: Redis;

  beforeAll(async () => {
    capture = await startSegmentCapture();
    kinesalite = await startKinesalite();
    kinesis = new KinesisClient({
      endpoint: kinesalite.endpoint,
      region: emulatorEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    });
    redis = new Redis('redis://127.0.0.1:6379');
  });

  afterAll(async () => {
    const keys = await redis.keys(`${REDIS_PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    kinesis.destroy();
    await kinesalite.stop();
    await capture.close();
  });

  async function readBatch(stream: string): Promise<KinesisStreamEvent> {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: stream,
        ShardId: 'shardId-000000000000',
        ShardIteratorType: 'TRIM_HORIZON',
      }),
    );
    const { Records = [] } = await kinesis.send(new GetRecordsCommand({ ShardIterator }));
    return {
      Records: Records.map((r) => ({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: r.PartitionKey!,
          sequenceNumber: r.SequenceNumber!,
          data: Buffer.from(r.Data!).toString('base64'),
          approximateArrivalTimestamp: Date.now() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${r.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/consumer',
        awsRegion: emulatorEnv.AWS_REGION,
        eventSourceARN: `arn:aws:kinesis:${emulatorEnv.AWS_REGION}:000000000000:stream/${stream}`,
      })),
    };
  }

  it.each([
    ['xray', 'otel'],
    ['otel', 'xray'],
  ])(
    'producer on %s, consumer on %s: one trace in the collector',
    async (producerBackend, consumerBackend) => {
      const stream = `events-${producerBackend}-${consumerBackend}`;
      await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
      const env = {
        ...emulatorEnv,
        KINESIS_ENDPOINT: kinesalite.endpoint,
        STREAM_EVENTS: stream,
        REDIS_PREFIX,
      };
      const produced = await invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'producer',
        functionName: 'producer-fn',
        env: { ...env, TRACING_BACKEND: producerBackend },
        event: { postId: `post-${producerBackend}` },
      });
      expect(produced.error).toBeUndefined();
      const publish = expectTrace(produced.tree).node('PublishEvent');

      const documentsBefore = capture.documents(produced.traceId).length;
      const consumed = await invokeAsLambda({
        capture,
        handler: handlers,
        exportName: 'consumer',
        functionName: 'consumer-fn',
        env: { ...env, TRACING_BACKEND: consumerBackend },
        event: await readBatch(stream),
      });
      expect(consumed.error).toBeUndefined();

      const producerTrace = expectTrace(
        await capture.waitForTrace(produced.traceId, { minDocuments: documentsBefore + 1 }),
      )
        .toBeComplete()
        .toHavePath(
          'producer-fn',
          'producer-fn',
          '## kinesis-handlers.producer',
          'PublishEvent',
          'Kinesis Consumer',
          'Redis Cache Update',
        );
      const consumer = producerTrace.node('Kinesis Consumer').document;
      expect(consumer).toMatchObject({
        trace_id: produced.traceId,
        parent_id: publish.document.id,
      });
      // A segment (a service node) on both backends, not a subsegment.
      expect(consumer.type).toBeUndefined();
      expectTrace(consumed.tree).toHavePath('## kinesis-handlers.consumer', 'Kinesis Consumer');
    },
  );
});
