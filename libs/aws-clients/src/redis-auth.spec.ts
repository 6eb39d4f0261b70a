import { randomBytes } from 'node:crypto';
import { startRedisServer, type RedisServer } from '@traced-social/local-redis';
import { closeRedisClients, createRedisClient } from './redis-client';

/** A redis-server of this file's own requiring AUTH, as ElastiCache with an AUTH token. */
describe('createRedisClient with an AUTH token (a real redis-server with --requirepass)', () => {
  const token = randomBytes(32).toString('hex');
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer({ host: '127.0.0.1', password: token });
  });
  afterAll(async () => {
    await closeRedisClients();
    await redis?.stop();
  });

  it('authenticates with the configured token before its first command', async () => {
    const client = createRedisClient({ REDIS_URL: redis.url, REDIS_AUTH_TOKEN: token });
    await client.set('auth-test:greeting', 'hello', 'EX', 60);
    expect(await client.get('auth-test:greeting')).toBe('hello');
    expect(await client.call('ACL', 'WHOAMI')).toBe('default');
  });

  it('fails with a clear error naming the refusal, without the token, when it is wrong', async () => {
    const wrong = randomBytes(32).toString('hex');
    const client = createRedisClient({ REDIS_URL: redis.url, REDIS_AUTH_TOKEN: wrong });
    const errors: Error[] = [];
    client.on('error', (error: Error) => errors.push(error));
    // What the process logs meanwhile (the logger writes JSON lines; warnings to stderr).
    const logged: string[] = [];
    const streams = [process.stdout, process.stderr];
    const writes = streams.map((stream) => stream.write.bind(stream));
    for (const stream of streams) {
      stream.write = ((chunk: string | Uint8Array) => {
        logged.push(String(chunk));
        return true;
      }) as typeof stream.write;
    }
    const restore = () => streams.forEach((stream, index) => (stream.write = writes[index]!));
    const reported = new Promise((resolve) => client.once('error', resolve));
    const failure = await client.get('auth-test:greeting').then(
      () => undefined,
      (error: Error) => error,
    );
    await reported.finally(restore);
    client.disconnect();
    expect(failure?.message).toMatch(/WRONGPASS/);
    expect(logged.join('')).toContain('WRONGPASS');
    for (const text of [
      logged.join(''),
      ...[failure, ...errors].map((e) => `${e?.message} ${e?.stack}`),
    ]) {
      expect(text).not.toContain(wrong);
    }
  });

  it('is refused by the server when no token is configured', async () => {
    const client = createRedisClient({ REDIS_URL: redis.url });
    await expect(client.get('auth-test:greeting')).rejects.toThrow(/NOAUTH/);
    client.disconnect();
  });
});
