import createDebug, { disable, enabled } from './silent-debug';

// The library it stands in for, as the reference (installed with ioredis).
const debug = require('debug') as typeof createDebug & { enabled(name: string): boolean };

describe('the debug stand-in of Lambda bundles', () => {
  it('makes disabled debuggers with their namespace, as debug does with DEBUG unset', () => {
    for (const namespace of ['ioredis:redis', 'ioredis:connection', 'ioredis:dataHandler']) {
      const silent = createDebug(namespace);
      expect({ namespace: silent.namespace, enabled: silent.enabled }).toEqual({
        namespace: debug(namespace).namespace,
        enabled: debug.enabled(namespace),
      });
      expect(silent('status[%s]: %s -> %s', 'localhost:6379', 'wait', 'connecting')).toBe(
        undefined,
      );
      expect(silent.extend('sub').namespace).toBe(`${namespace}:sub`);
    }
    expect(enabled()).toBe(false);
    expect(disable()).toBe('');
  });

  it("runs ioredis's debug calls through a connection's whole life", async () => {
    const { default: Redis } = await withDebugStandIn(() => require('ioredis'));
    // Nothing listens on port 1: the client connects, fails, gives up and ends, logging each step.
    const client = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    const ended = new Promise((resolve) => client.once('end', resolve));
    await expect(client.ping()).rejects.toThrow();
    await ended;
    expect(client.status).toBe('end');
  });
});

/** Loads `load` in a fresh module registry where `debug` is the stand-in, as in a bundle. */
function withDebugStandIn<T>(load: () => T): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    jest.doMock('debug', () => jest.requireActual('./silent-debug'));
    loaded = load();
  });
  return loaded as T;
}
