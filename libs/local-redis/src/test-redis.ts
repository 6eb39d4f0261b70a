import { resolveRedis, type RedisServer } from './redis-server';

/** One line, as a failing test prints it. */
export const TEST_REDIS_MISSING_MESSAGE =
  'These tests need Redis: start one on 127.0.0.1:6379, set REDIS_URL, or install redis-server (apt-get install -y redis-server) so they start their own.';

/**
 * The Redis a test file uses, found as `npm start` finds it: `REDIS_URL`, else a server answering
 * on 127.0.0.1:6379, else a `redis-server` started on a free port for this file (stop it in
 * `afterAll`), else an error saying how to get one. Keys go under a prefix of the test's own.
 */
export function startTestRedis(): Promise<RedisServer> {
  return resolveRedis({
    explicitUrl: process.env.REDIS_URL,
    host: '127.0.0.1',
    missingMessage: TEST_REDIS_MISSING_MESSAGE,
  });
}
