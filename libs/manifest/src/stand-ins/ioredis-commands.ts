import { standInReached } from './reached';

/**
 * The metadata a handler bundle's `@ioredis/commands` table holds for a command outside
 * `REDIS_COMMANDS_KEPT` (redis-commands-kept.ts, decision 1923): the command keeps its name, so
 * ioredis still defines its method, but reading its flags or key positions throws. ioredis reads
 * them only for a command sent while a connection is handshaking (its `loading` flag), for the
 * keys to prefix when the client has a `keyPrefix`, and in Cluster mode (left out); a command it
 * sends without reading them runs exactly as with the full table.
 */
export function unlistedRedisCommand(name: string): object {
  const reached = () => standInReached(`ioredis command table entry "${name}"`);
  const throwing = (): never => {
    throw reached();
  };
  return {
    // `@ioredis/commands` turns each command's flags into an object when it loads: every flag
    // looked up on this one throws.
    flags: {
      reduce: () =>
        new Proxy(
          {},
          {
            get: (_target, flag) =>
              // `then` and symbols: a runtime probing the value, not ioredis asking a flag.
              typeof flag === 'symbol' || flag === 'then' ? undefined : throwing(),
          },
        ),
    },
    get arity(): never {
      return throwing();
    },
    get keyStart(): never {
      return throwing();
    },
    get keyStop(): never {
      return throwing();
    },
    get step(): never {
      return throwing();
    },
  };
}
