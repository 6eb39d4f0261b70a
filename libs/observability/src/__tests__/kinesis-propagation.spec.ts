import { randomUUID } from 'node:crypto';
import { CreateStreamCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import type { KinesisStreamEvent } from 'aws-lambda';
import { parseTraceHeader } from '@traced-social/trace-model';
import { expectTrace, useSegmentCapture } from '../testing';
import { emulatorEnv, startKinesalite, type Emulator } from './support/emulators';
import {
  invokeKinesisFixture,
  PRODUCER_TO_CACHE_PATH,
  kinesaliteClient,
  kinesisRecord,
  startPrefixedRedis,
  type PrefixedRedis,
  readStreamAsEvent,
} from './support/kinesis';

const STREAM = 'events';
const REDIS_PREFIX = `obs-test:${randomUUID()}:`;

describe('trace context through Kinesis (kinesalite, Redis)', () => {
  const capture = useSegmentCapture();
  let kinesalite: Emulator;
  let kinesis: KinesisClient;
  let redis: PrefixedRedis;
  let env: Record<string, string>;

  beforeAll(async () => {
    kinesalite = await startKinesalite();
    kinesis = kinesaliteClient(kinesalite.endpoint);
    await kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 1 }));
    redis = await startPrefixedRedis(REDIS_PREFIX);
    env = {
      ...emulatorEnv,
      KINESIS_ENDPOINT: kinesalite.endpoint,
      STREAM_EVENTS: STREAM,
      REDIS_URL: redis.url,
      REDIS_PREFIX,
    };
  });

  afterAll(async () => {
    await redis?.close();
    kinesis.destroy();
    await kinesalite.stop();
  });

  it('makes producer → PublishEvent → Kinesis Consumer → Redis Cache Update one trace', async () => {
    // Producer: publishes with its trace context stamped into the record.
    const produced = await invokeKinesisFixture(capture, 'producer', env, { postId: 'post-1' });
    expect(produced.error).toBeUndefined();
    const publish = expectTrace(produced.tree)
      .toHavePath('## kinesis-handlers.producer', 'PublishEvent', 'Kinesis')
      .node('PublishEvent')
      .toHaveAnnotation('eventType', 'POST_CREATED')
      .toHaveMetadata('kinesis');

    const batch = await readStreamAsEvent(kinesis, STREAM);
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
    const consumed = await invokeKinesisFixture(capture, 'consumer', env, batch);
    expect(consumed.error).toBeUndefined();
    expect(await redis.client.get(`${REDIS_PREFIX}post:post-1`)).toBe(record.eventId);

    // The producer's trace now holds the record's processing under the publish subsegment.
    const producerTree = await capture.waitForTrace(produced.traceId, {
      minDocuments: documentsBefore + 1,
    });
    const producerTrace = expectTrace(producerTree)
      .toBeComplete()
      .toHavePath(...PRODUCER_TO_CACHE_PATH);
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

  it('traces records without usable context in the consumer trace only, and unsampled ones nowhere', async () => {
    const record = (payload: object, sequenceNumber: string) =>
      kinesisRecord(STREAM, Buffer.from(JSON.stringify(payload)), sequenceNumber);
    const batch: KinesisStreamEvent = {
      Records: [
        record({ type: 'POST_CREATED', eventId: 'e-1', postId: 'post-2' }, '1'),
        record(
          { type: 'POST_CREATED', eventId: 'e-2', postId: 'post-3', traceContext: 'garbage' },
          '2',
        ),
        record(
          {
            type: 'POST_CREATED',
            eventId: 'e-3',
            postId: 'post-4',
            traceContext:
              'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0',
          },
          '3',
        ),
      ],
    };
    const consumed = await invokeKinesisFixture(capture, 'consumer', env, batch);

    expect(consumed.error).toBeUndefined();
    const trace = expectTrace(consumed.tree).toBeComplete();
    // The third record's producer was not sampled (Sampled=0): processed, but not traced.
    const records = trace.nodes('Kinesis Consumer');
    expect(records).toHaveLength(2);
    for (const node of records) {
      expect(node.childNames()).toEqual(['Redis Cache Update']);
      expect(node.metadata('producerTrace')).toBeUndefined();
    }
    expect(capture.traceIds()).not.toContain('1-5759e988-bd862e3fe1be46a994272793');
    expect(await redis.client.get(`${REDIS_PREFIX}post:post-4`)).toBe('e-3');
  });
});
