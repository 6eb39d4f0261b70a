import { randomUUID } from 'node:crypto';
import { CreateStreamCommand, type KinesisClient } from '@aws-sdk/client-kinesis';
import { expectTrace, startSegmentCapture, type SegmentCapture } from '../../../testing';
import { emulatorEnv, startKinesalite, type Emulator } from '../../../__tests__/support/emulators';
import {
  invokeKinesisFixture,
  PRODUCER_TO_CACHE_PATH,
  kinesaliteClient,
  readStreamAsEvent,
  startPrefixedRedis,
  type PrefixedRedis,
} from '../../../__tests__/support/kinesis';

/**
 * Kinesis propagation across backends: the carried field holds an X-Ray trace header whatever the
 * backend, so a producer on one backend and a consumer on the other make one trace.
 */
const REDIS_PREFIX = `obs-mixed:${randomUUID()}:`;

describe('producer and consumer on different tracing backends (kinesalite, Redis)', () => {
  let capture: SegmentCapture;
  let kinesalite: Emulator;
  let kinesis: KinesisClient;
  let redis: PrefixedRedis;

  beforeAll(async () => {
    capture = await startSegmentCapture();
    kinesalite = await startKinesalite();
    kinesis = kinesaliteClient(kinesalite.endpoint);
    redis = await startPrefixedRedis(REDIS_PREFIX);
  });

  afterAll(async () => {
    await redis?.close();
    kinesis.destroy();
    await kinesalite.stop();
    await capture.close();
  });

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
        REDIS_URL: redis.url,
        REDIS_PREFIX,
      };
      const produced = await invokeKinesisFixture(
        capture,
        'producer',
        { ...env, TRACING_BACKEND: producerBackend },
        { postId: `post-${producerBackend}` },
      );
      expect(produced.error).toBeUndefined();
      const publish = expectTrace(produced.tree).node('PublishEvent');

      const documentsBefore = capture.documents(produced.traceId).length;
      const consumed = await invokeKinesisFixture(
        capture,
        'consumer',
        { ...env, TRACING_BACKEND: consumerBackend },
        await readStreamAsEvent(kinesis, stream),
      );
      expect(consumed.error).toBeUndefined();

      const producerTrace = expectTrace(
        await capture.waitForTrace(produced.traceId, { minDocuments: documentsBefore + 1 }),
      )
        .toBeComplete()
        .toHavePath(...PRODUCER_TO_CACHE_PATH);
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
