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
import { parseTraceHeader } from '@traced-social/trace-model';
import { expectTrace, invokeAsLambda, startSegmentCapture, type SegmentCapture } from '../testing';
import { emulatorEnv, startKinesalite, type Emulator } from './support/emulators';

const handlers = require.resolve('./fixtures/kinesis-handlers');
const STREAM = 'events';
const REDIS_PREFIX = `obs-test:${randomUUID()}:`;

describe('trace context through Kinesis (kinesalite, Redis)', () => {
  let capture: SegmentCapture;
  let kinesalite: Emulator;
  let kinesis: KinesisClient;
  let redis: Redis;
  let env: Record<string, string>;

  beforeAll(async () => {
    capture = await startSegmentCapture();
    kinesalite = await startKinesalite();
    kinesis = new KinesisClient({
      endpoint: kinesalite.endpoint,
      region: emulatorEnv.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      requestHandler: new NodeHttpHandler(),
    });
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
    redis = new Redis('redis://127.0.0.1:6379');
    env = {
      ...emulatorEnv,
      KINESIS_ENDPOINT: kinesalite.endpoint,
      STREAM_EVENTS: STREAM,
      REDIS_PREFIX,
    };
  });

  afterAll(async () => {
    const keys = await redis.keys(`${REDIS_PREFIX}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
    kinesis.destroy();
    await kinesalite.stop();
    await capture.close();
  });

  /** The stream's records as Lambda's Kinesis event source would deliver them. */
  async function readBatch(): Promise<KinesisStreamEvent> {
    const { ShardIterator } = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: STREAM,
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
          approximateArrivalTimestamp:
            (r.ApproximateArrivalTimestamp ?? new Date()).getTime() / 1000,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: `shardId-000000000000:${r.SequenceNumber}`,
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/consumer',
        awsRegion: emulatorEnv.AWS_REGION,
        eventSourceARN: `arn:aws:kinesis:${emulatorEnv.AWS_REGION}:000000000000:stream/${STREAM}`,
      })),
    };
  }

  it('makes producer → PublishEvent → Kinesis Consumer → Redis Cache Update one trace', async () => {
    // Producer: publishes with its trace context stamped into the record.
    const produced = await invokeAsLambda({
      capture,
      handler: handlers,
      exportName: 'producer',
      functionName: 'producer-fn',
      env,
      event: { postId: 'post-1' },
    });
    expect(produced.error).toBeUndefined();
    const publish = expectTrace(produced.tree)
      .toHavePath('## kinesis-handlers.producer', 'PublishEvent', 'Kinesis')
      .node('PublishEvent')
      .toHaveAnnotation('eventType', 'POST_CREATED')
      .toHaveMetadata('kinesis');

    const batch = await readBatch();
    expect(batch.Records).toHaveLength(1);
    const record = JSON.parse(
      Buffer.from(batch.Records[0].kinesis.data, 'base64').toString('utf8'),
    );
    expect(parseTraceHeader(record.traceContext)).toMatchObject({
      root: produced.traceId,
      parent: publish.document.id,
      sampled: true,
    });

    // Consumer: a separate invocation, in its own trace.
    const documentsBefore = capture.documents(produced.traceId).length;
    const consumed = await invokeAsLambda({
      capture,
      handler: handlers,
      exportName: 'consumer',
      functionName: 'consumer-fn',
      env,
      event: batch,
    });
    expect(consumed.error).toBeUndefined();
    expect(await redis.get(`${REDIS_PREFIX}post:post-1`)).toBe(record.eventId);

    // The producer's trace now holds the record's processing under the publish subsegment.
    const producerTree = await capture.waitForTrace(produced.traceId, {
      minDocuments: documentsBefore + 1,
    });
    const producerTrace = expectTrace(producerTree)
      .toBeComplete()
      .toHavePath(
        'producer-fn',
        'producer-fn',
        '## kinesis-handlers.producer',
        'PublishEvent',
        'Kinesis Consumer',
        'Redis Cache Update',
      );
    producerTrace.node('Redis Cache Update').toHaveMetadata('cache');
    const segment = producerTrace.node('Kinesis Consumer');
    expect(segment.document.trace_id).toBe(produced.traceId);
    expect(segment.document.parent_id).toBe(publish.document.id);
    expect(segment.metadata('consumerTrace')).toMatchObject({ root: consumed.traceId });

    // The consumer's own trace still shows the batch, linked to the producer's trace.
    const consumerTrace = expectTrace(consumed.tree)
      .toHavePath('consumer-fn', 'consumer-fn', '## kinesis-handlers.consumer', 'Kinesis Consumer')
      .notToHavePath('Kinesis Consumer', 'Redis Cache Update');
    consumerTrace
      .node('## kinesis-handlers.consumer')
      .toHaveAnnotation('batchSize', 1)
      .toHaveAnnotation('operationType', 'PROCESS_POST_EVENTS');
    expect(consumerTrace.node('Kinesis Consumer').metadata('producerTrace')).toEqual({
      traceId: produced.traceId,
      parentId: publish.document.id,
      sampled: true,
    });
  });
});
