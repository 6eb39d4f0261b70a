import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeRedisClients, createRedisClient } from '@traced-social/aws-clients';
import { startRedisServer, type RedisServer } from '@traced-social/local-redis';
import { startSecretsManager, type LocalSecretsManager } from './secrets-manager';

/**
 * Redis's AUTH token as the stacks give it (decision 1620): only the secret's ARN, read through
 * Powertools Parameters from this emulator of Secrets Manager, then AUTH on a redis-server
 * started with `--requirepass`.
 */
describe('Redis AUTH token from Secrets Manager (the local emulator)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redis-auth-'));
  const token = randomBytes(32).toString('hex');
  let secrets: LocalSecretsManager;
  let redis: RedisServer;

  beforeAll(async () => {
    secrets = await startSecretsManager('127.0.0.1', 0, join(dir, 'secrets.json'), 'us-east-1');
    secrets.write('traced-social/local/redis-auth-token', token);
    // The container's Secrets Manager client is created from the environment on first use.
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = secrets.endpoint;
    redis = await startRedisServer({ host: '127.0.0.1', password: token });
  });
  afterAll(async () => {
    await closeRedisClients();
    await redis?.stop();
    await secrets?.stop();
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads the token named by REDIS_AUTH_TOKEN_ARN before connecting, and authenticates', async () => {
    const client = createRedisClient({
      REDIS_URL: redis.url,
      REDIS_AUTH_TOKEN_ARN: secrets.arnOf('traced-social/local/redis-auth-token'),
    });
    await client.set('redis-auth:greeting', 'hello', 'EX', 60);
    expect(await client.get('redis-auth:greeting')).toBe('hello');
  });

  it('fails commands within the command timeout when the ARN points at no secret', async () => {
    const client = createRedisClient({
      REDIS_URL: redis.url,
      REDIS_AUTH_TOKEN_ARN: secrets.arnOf('traced-social/local/no-such-secret'),
      REDIS_COMMAND_TIMEOUT_MS: '300',
    });
    await expect(client.get('redis-auth:greeting')).rejects.toThrow();
    client.disconnect();
  });
});
