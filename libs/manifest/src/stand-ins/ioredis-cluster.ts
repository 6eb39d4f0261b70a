import { standInReached } from './reached';

/**
 * What handler bundles get in place of ioredis's Cluster client (`built/cluster`, ~32 KB,
 * decision 1922). `Redis.js` and the package index require it only to expose `Redis.Cluster` and
 * `Cluster`; our ElastiCache group runs with cluster mode disabled and every client is a plain
 * `Redis` (`createRedisClient` of @traced-social/aws-clients). Importing and assigning it works;
 * constructing it throws.
 */
export default class Cluster {
  constructor() {
    throw standInReached('ioredis Cluster (Redis.Cluster)');
  }
}
