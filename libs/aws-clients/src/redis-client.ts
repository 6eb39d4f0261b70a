import type Redis from 'ioredis';
import { REDIS_URL_ENV, requireEnv } from '@traced-social/manifest';
import { logger } from '@traced-social/observability';
import { redisAuthTokenSource, type RedisAuthTokenSource } from './redis-auth-token';

/**
 * Redis (ElastiCache in AWS) as a cache that may be down or slow: every command fails after a
 * bounded time instead of hanging the request, and the client keeps reconnecting in the
 * background so the cache comes back by itself. Callers treat a failed command as a miss.
 *
 * - `REDIS_URL`: where it is (required); `rediss://` connects with TLS (ElastiCache in AWS).
 * - `REDIS_AUTH_TOKEN_ARN` (or `REDIS_AUTH_TOKEN`): its AUTH token, read before each connection
 *   (decision 1620); neither set: no AUTH, as a local Redis.
 * - `REDIS_COMMAND_TIMEOUT_MS`: the bound on each command, queueing while disconnected included
 *   (default 500).
 * - `REDIS_KEY_PREFIX`: prepended to every key (tests and stages sharing one server).
 */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 500;

export type RedisClient = Redis;

export function createRedisClient(env: NodeJS.ProcessEnv = process.env): RedisClient {
  const commandTimeout = positiveInt(
    env.REDIS_COMMAND_TIMEOUT_MS,
    DEFAULT_REDIS_COMMAND_TIMEOUT_MS,
  );
  // Required here, not imported: ioredis is CommonJS, and esbuild keeps a module-level import of
  // CommonJS in every bundle that loads this barrel; required here it is bundled only with the
  // handlers that create a Redis client (decision 1900).
  const { default: RedisClass } = require('ioredis') as typeof import('ioredis');
  const tokenSource = redisAuthTokenSource(env);
  const ClientClass = tokenSource ? authenticating(RedisClass, tokenSource) : RedisClass;
  const client = new ClientClass(requireEnv(REDIS_URL_ENV, env), {
    keyPrefix: env.REDIS_KEY_PREFIX || undefined,
    lazyConnect: true,
    connectTimeout: commandTimeout,
    disconnectTimeout: commandTimeout,
    commandTimeout,
    // A command waiting for a connection is failed at the first failed reconnect, not retried
    // for seconds: the caller falls back to DynamoDB at once.
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
  });
  let lastReported = 0;
  client.on('error', (error: Error) => {
    // Reconnect attempts repeat the same error: report it at most every 10 seconds.
    if (Date.now() - lastReported < 10_000) return;
    lastReported = Date.now();
    logger.warn('Redis unavailable', { reason: error.message });
  });
  liveClients().add(client);
  client.once('end', () => liveClients().delete(client));
  return client;
}

/**
 * A client class that reads the AUTH token before every connection (the first, on the first
 * command, and each reconnect), so a changed token is picked up after its cache expires. ioredis
 * takes only a fixed `password`, read when a connection starts: it is set just before that.
 * Commands sent meanwhile wait in the offline queue, within the command timeout.
 */
function authenticating(
  RedisClass: typeof import('ioredis').default,
  token: RedisAuthTokenSource,
): typeof import('ioredis').default {
  return class AuthenticatingRedis extends RedisClass {
    // Every command sent before the first connection asks to connect: one token read for all.
    private connecting: Promise<void> | undefined;

    override connect(): Promise<void> {
      // ioredis sets `condition` as a connection starts and queues commands under it; until the
      // token is read, commands queue under the same condition it will set (db 0, no subscriber).
      this.condition ??= { select: this.options.db ?? 0, auth: undefined, subscriber: false };
      this.connecting ??= this.connectWithToken().finally(() => (this.connecting = undefined));
      return this.connecting;
    }

    private async connectWithToken(): Promise<void> {
      try {
        this.options.password = await token();
      } catch (error) {
        // Reported without the secret's value: only the reason the read failed.
        logger.warn('Redis AUTH token unreadable', { reason: (error as Error).message });
        throw error;
      }
      if (this.status === 'end') return; // disconnected while the token was read
      return super.connect();
    }
  };
}

/** The Redis client of this container, created on first use and reused by every invocation. */
let containerClient: RedisClient | undefined;
export function redisClient(): RedisClient {
  return (containerClient ??= createRedisClient());
}

/**
 * Closes every client this process created (tests: a handler loaded fresh per invocation makes
 * its own client, and open sockets would keep the test process alive).
 */
export async function closeRedisClients(): Promise<void> {
  const clients = [...liveClients()];
  liveClients().clear();
  containerClient = undefined;
  await Promise.all(
    clients.map(async (c) => {
      if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
      else if (c.status !== 'end' && c.status !== 'close') c.disconnect();
    }),
  );
}

// Kept on globalThis: handlers loaded in isolated module registries (tests) share one list.
// `#__PURE__`, so a bundle that never uses Redis leaves this module and ioredis out.
const LIVE = /* #__PURE__ */ Symbol.for('traced-social.redis.live-clients');

function liveClients(): Set<RedisClient> {
  const holder = globalThis as { [LIVE]?: Set<RedisClient> };
  return (holder[LIVE] ??= new Set());
}

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number(raw);
  return raw && Number.isInteger(n) && n > 0 ? n : fallback;
}
