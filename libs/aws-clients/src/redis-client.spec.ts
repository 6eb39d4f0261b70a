import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import { startTestRedis, type RedisServer } from '@traced-social/local-redis';
import { closeRedisClients, createRedisClient } from './redis-client';

describe('createRedisClient (a real Redis)', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await closeRedisClients();
    await redis?.stop();
  });

  it('talks to Redis with every key under REDIS_KEY_PREFIX', async () => {
    const prefix = `aws-clients-test:${randomUUID()}:`;
    const prefixed = createRedisClient({
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: prefix,
    });
    const plain = createRedisClient({ REDIS_URL: redis.url });
    await prefixed.set('greeting', 'hello', 'EX', 60);
    expect(await plain.get(`${prefix}greeting`)).toBe('hello');
    await plain.del(`${prefix}greeting`);
  });

  it('fails a command within the bound when the server accepts but never answers', async () => {
    // A TCP server that swallows everything: Redis "slow" beyond any timeout.
    const sockets: Array<{ destroy(): void }> = [];
    const silent: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const client = createRedisClient({
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_COMMAND_TIMEOUT_MS: '200',
    });
    await expect(client.get('anything')).rejects.toThrow(/timed out|timeout/i);
    client.disconnect();
    sockets.forEach((s) => s.destroy());
    await new Promise((r) => silent.close(r));
  });

  it('fails a command instead of waiting when nothing listens, and refuses a missing URL', async () => {
    const closed: Server = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as { port: number }).port;
    await new Promise((r) => closed.close(r));
    const client = createRedisClient({ REDIS_URL: `redis://127.0.0.1:${port}` });
    await expect(client.get('anything')).rejects.toThrow();
    client.disconnect();
    expect(() => createRedisClient({})).toThrow('REDIS_URL');
  });
});
