import { standInReached } from './reached';

/**
 * What handler bundles get in place of ioredis's Sentinel connector (decision 1922). ioredis
 * constructs it only for a client given `sentinels`; ours connect to one ElastiCache endpoint
 * (`createRedisClient` of @traced-social/aws-clients) with the standalone connector.
 */
export default class SentinelConnector {
  constructor() {
    throw standInReached('ioredis SentinelConnector (the `sentinels` option)');
  }
}

export class SentinelIterator {
  constructor() {
    throw standInReached('ioredis SentinelIterator (the `sentinels` option)');
  }
}
