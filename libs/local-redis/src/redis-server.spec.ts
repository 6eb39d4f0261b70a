import { findFreePort } from '../config/ports';
import { REDIS_MISSING_MESSAGE, redisAnswers, resolveRedis } from './redis';

describe('resolveRedis', () => {
  it('uses an explicit URL as given', async () => {
    const redis = await resolveRedis({ explicitUrl: 'redis://example:1234', host: '127.0.0.1' });
    expect(redis).toMatchObject({ url: 'redis://example:1234', source: 'REDIS_URL' });
  });

  it('uses the server answering on 6379', async () => {
    const redis = await resolveRedis({ host: '127.0.0.1' });
    expect(redis.url).toBe('redis://127.0.0.1:6379');
    await redis.stop();
    expect(await redisAnswers('127.0.0.1', 6379)).toBe(true);
  });

  it('starts redis-server on a free port when none answers, and stops it', async () => {
    const silent = { host: '127.0.0.1', port: await findFreePort('127.0.0.1') };
    const redis = await resolveRedis({ host: '127.0.0.1', probe: silent });
    const port = Number(new URL(redis.url).port);
    expect(redis.source).toBe(`redis-server started on ${port}`);
    expect(await redisAnswers('127.0.0.1', port)).toBe(true);
    await redis.stop();
    expect(await redisAnswers('127.0.0.1', port)).toBe(false);
  });

  it('says how to get Redis when there is none and no redis-server to start', async () => {
    const silent = { host: '127.0.0.1', port: await findFreePort('127.0.0.1') };
    await expect(
      resolveRedis({ host: '127.0.0.1', probe: silent, searchPath: '/nonexistent' }),
    ).rejects.toThrow(REDIS_MISSING_MESSAGE);
  });
});
