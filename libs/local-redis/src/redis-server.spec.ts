import { findFreePort } from './free-port';
import {
  REDIS_MISSING_MESSAGE,
  redisAnswers,
  resolveRedis,
  startRedisServer,
} from './redis-server';
import { TEST_REDIS_MISSING_MESSAGE, startTestRedis } from './test-redis';

const host = '127.0.0.1';
const silentPort = async (): Promise<{ host: string; port: number }> => ({
  host,
  port: await findFreePort(host),
});

describe('resolveRedis', () => {
  it('uses an explicit URL as given', async () => {
    const redis = await resolveRedis({ explicitUrl: 'redis://example:1234', host });
    expect(redis).toMatchObject({ url: 'redis://example:1234', source: 'REDIS_URL' });
  });

  it('uses a server already answering where it looks, and leaves it running', async () => {
    const running = await startRedisServer({ host });
    try {
      const port = Number(new URL(running.url).port);
      const redis = await resolveRedis({ host, probe: { host, port } });
      expect(redis).toMatchObject({ url: running.url, source: `already running on ${port}` });
      await redis.stop();
      expect(await redisAnswers(host, port)).toBe(true);
    } finally {
      await running.stop();
    }
  });

  it('starts redis-server on a free port when none answers, and stops it', async () => {
    const redis = await resolveRedis({ host, probe: await silentPort() });
    const port = Number(new URL(redis.url).port);
    expect(redis.source).toBe(`redis-server started on ${port}`);
    expect(await redisAnswers(host, port)).toBe(true);
    await redis.stop();
    expect(await redisAnswers(host, port)).toBe(false);
  });

  it('says how to get Redis when there is none and no redis-server to start', async () => {
    const probe = await silentPort();
    await expect(resolveRedis({ host, probe, searchPath: '/nonexistent' })).rejects.toThrow(
      REDIS_MISSING_MESSAGE,
    );
    await expect(
      resolveRedis({ host, probe, searchPath: '/nonexistent', missingMessage: 'one line' }),
    ).rejects.toThrow(/^one line$/);
  });
});

describe('startRedisServer', () => {
  it('starts again on the port it was given (a test that stops and restarts Redis)', async () => {
    const first = await startRedisServer({ host });
    const port = Number(new URL(first.url).port);
    await first.stop();
    expect(await redisAnswers(host, port)).toBe(false);
    const again = await startRedisServer({ host, port });
    expect(again.url).toBe(first.url);
    expect(await redisAnswers(host, port)).toBe(true);
    await again.stop();
  });
});

describe('startTestRedis', () => {
  it('answers with a Redis that replies to PING', async () => {
    const redis = await startTestRedis();
    try {
      const { hostname, port } = new URL(redis.url);
      expect(await redisAnswers(hostname, Number(port))).toBe(true);
    } finally {
      await redis.stop();
    }
  });

  it('fails with one line that says what to do', () => {
    expect(TEST_REDIS_MISSING_MESSAGE).not.toContain('\n');
    expect(TEST_REDIS_MISSING_MESSAGE).toMatch(/6379.*redis-server/);
  });
});
