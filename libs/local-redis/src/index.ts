export {
  REDIS_MISSING_MESSAGE,
  redisAnswers,
  resolveRedis,
  startRedisServer,
  type RedisServer,
  type ResolveRedisOptions,
  type StartRedisOptions,
} from './redis-server';
export { TEST_REDIS_MISSING_MESSAGE, startTestRedis } from './test-redis';
export { findFreePort } from './free-port';
