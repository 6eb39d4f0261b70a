import { standInReached } from './reached';

/**
 * What handler bundles get in place of `cluster-key-slot` (decision 1922), which ioredis's
 * `Command`, `Pipeline` and auto-pipelining import to route keys to Redis Cluster slots. They
 * call it only on a Cluster client (`isCluster`, or a pipeline of one; `Command.getSlot` has no
 * caller but the Cluster client, itself left out); our clients are plain `Redis`.
 */
function calculateSlot(_key: string | Buffer): never {
  throw standInReached('cluster-key-slot (ioredis Cluster slot routing)');
}

calculateSlot.generateMulti = (_keys: Array<string | Buffer>): never => {
  throw standInReached('cluster-key-slot (ioredis Cluster slot routing)');
};

export = calculateSlot;
