/**
 * The Redis commands whose metadata (flags, key positions) handler bundles keep from
 * `@ioredis/commands`' table (decision 1923); every other command keeps only its name, and
 * throws `BundleStandInReached` where ioredis would read its metadata. The one list: add a
 * command here when a handler starts sending it (the feed's cloud specs and bundle-plugins.spec
 * run the handlers' Redis code bundled, with a key prefix, so a missing one fails them).
 */
export const REDIS_COMMANDS_KEPT = [
  // The feed's cache (apps/feed/src/store/feed-cache.ts): reads, rebuilds in a transaction, and
  // its two scripts, sent by SHA and by text when Redis does not know them yet.
  'zrevrange',
  'multi',
  'del',
  'zadd',
  'expire',
  'exec',
  'evalsha',
  'eval',
  // What ioredis itself sends: the connection handshake (AUTH with the token, SELECT, CLIENT
  // SETNAME/SETINFO, the INFO ready check, READONLY), and QUIT when a client closes.
  'auth',
  'select',
  'client',
  'info',
  'readonly',
  'quit',
  'ping',
] as const;
