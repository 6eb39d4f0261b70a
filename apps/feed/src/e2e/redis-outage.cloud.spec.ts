import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { eventually } from '@traced-social/aws-clients/testing';
import { startCloudSession, type CloudSession } from '@traced-social/cloud-session';
import { startRedisServer, type RedisServer } from '@traced-social/local-redis';
import { createEvent } from '@traced-social/events';
import { expectTrace } from '@traced-social/observability/testing';
import type { TraceNode } from '@traced-social/trace-model';

jest.setTimeout(300_000);

interface FeedBody {
  posts: Array<{ postId: string; text: string }>;
}

/**
 * The feed through the local cloud with a Redis of its own (spawned here on a free port, never the
 * shared one): the fan-out consumer fed real Kinesis records, duplicates and a poison record;
 * then Redis stopped (the feed still answers, from DynamoDB, and the trace shows the cache error)
 * and started again (the cache refills).
 */
describe('feed through the local cloud, Redis stopped and restarted', () => {
  let session: CloudSession;
  let redis: RedisServer | undefined;
  let redisPort: number;
  const author = `author-${randomUUID()}`;
  const reader = { userId: `reader-${randomUUID()}`, username: 'reader' };
  let token: string;
  let clock = Date.now() - 60_000;

  const postCreated = (text: string) => {
    clock += 1000;
    return createEvent('POST_CREATED', {
      postId: randomUUID(),
      authorId: author,
      createdAt: new Date(clock).toISOString(),
      text,
    });
  };
  const readFeed = () => session.api<FeedBody>('GET', '/feed', { token });
  const feedShows = (texts: string[]) =>
    eventually(`the feed to show ${texts.join(', ')}`, async () => {
      const answer = await readFeed();
      return JSON.stringify(answer.body.posts.map((p) => p.text)) === JSON.stringify(texts)
        ? answer
        : undefined;
    });
  const traceOf = (traceId: string, name: string): Promise<TraceNode[]> =>
    eventually(`trace ${traceId} with ${name}`, async () => {
      const tree = await session.readTrace(traceId);
      return JSON.stringify(tree).includes(`"name":"${name}"`) ? tree : undefined;
    });

  beforeAll(async () => {
    redis = await startRedisServer({ host: '127.0.0.1' });
    redisPort = Number(new URL(redis.url).port);
    session = await startCloudSession({ apps: ['feed'], redisUrl: redis.url });
    token = await session.tokenFor(reader);
    await session.follow(reader.userId, author);
  });
  afterAll(async () => {
    await session?.stop();
    await redis?.stop();
  });

  it('fans out real Kinesis records once, even when delivered twice', async () => {
    const first = postCreated('first');
    await session.publish(first);
    await session.publish(first);
    await session.publish(postCreated('second'));
    await feedShows(['second', 'first']);
  });

  it('dead-letters a poison record alone and keeps consuming', async () => {
    await session.publish(Buffer.from('definitely not an event'), author);
    await session.publish(postCreated('third'));
    await feedShows(['third', 'second', 'first']);
    const file = session.cloud.deadLetterFile('feed-fan-out-events');
    const lines = await eventually('the poison record in the dead-letter file', async () => {
      const found = (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
      return found.length ? found : undefined;
    });
    expect(lines).toHaveLength(1);
    const letter = JSON.parse(lines[0]) as {
      reason: string;
      record: { kinesis: { data: string } };
    };
    expect(letter.reason).toContain('PoisonRecordError');
    expect(Buffer.from(letter.record.kinesis.data, 'base64').toString('utf8')).toBe(
      'definitely not an event',
    );
  });

  it('serves the feed from DynamoDB while Redis is down, and refills the cache when it is back', async () => {
    const warm = await readFeed();
    expectTrace(await traceOf(warm.traceId, 'Redis Cache Read'))
      .node('Redis Cache Read')
      .toHaveAnnotation('cacheHit', true);

    await redis?.stop();
    redis = undefined;
    const down = await readFeed();
    expect(down.status).toBe(200);
    expect(down.body.posts.map((p) => p.text)).toEqual(['third', 'second', 'first']);
    const downTrace = expectTrace(await traceOf(down.traceId, 'LoadFeed'));
    downTrace.node('Redis Cache Read').toBeFault().toHaveAnnotation('cacheHit', false);
    downTrace.node('## index.handler').toBeOk().toHaveMetadata('cacheError');

    // A post while Redis is down: DynamoDB takes it, the failed cache update is only recorded.
    await session.publish(postCreated('fourth'));
    await feedShows(['fourth', 'third', 'second', 'first']);

    redis = await startRedisServer({ host: '127.0.0.1', port: redisPort });
    // The restarted Redis is empty: the next reads miss, rebuild from DynamoDB, then hit.
    const refilled = await eventually('a read that rebuilds the cache', async () => {
      const answer = await readFeed();
      // The handler's subsegment closes (and is sent) after the cache write: waiting for the cache
      // read alone could inspect the trace before its write arrived, and the next read hits.
      const tree = await traceOf(answer.traceId, '## index.handler');
      return JSON.stringify(tree).includes('"name":"Redis Cache Write"') ? answer : undefined;
    });
    expect(refilled.body.posts.map((p) => p.text)).toEqual(['fourth', 'third', 'second', 'first']);
    const hit = await readFeed();
    expectTrace(await traceOf(hit.traceId, 'Redis Cache Read'))
      .node('Redis Cache Read')
      .toHaveAnnotation('cacheHit', true)
      .toBeOk();
    expect(hit.body).toEqual(refilled.body);
  });
});
