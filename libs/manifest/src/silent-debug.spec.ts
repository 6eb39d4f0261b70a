import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { handlerBuildOptions } from './bundling';
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
    // Nothing listens on port 1 (as in CONNECT_AND_END below).
    const client = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null });
    client.on('error', () => undefined);
    const ended = new Promise((resolve) => client.once('end', resolve));
    await expect(client.ping()).rejects.toThrow();
    await ended;
    expect(client.status).toBe('end');
  });

  it('takes the place of debug in a handler bundle, where ioredis still connects and ends', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'silent-debug-'));
    try {
      const outfile = join(outDir, 'index.js');
      const { metafile } = await build({
        ...handlerBuildOptions('xray'),
        stdin: { contents: CONNECT_AND_END, resolveDir: __dirname, loader: 'js' },
        outfile,
        metafile: true,
        logLevel: 'silent',
      });
      const inputs = Object.keys(metafile.inputs);
      expect(inputs.filter((input) => input.includes('node_modules/debug/'))).toEqual([]);
      expect(inputs.some((input) => input.endsWith('silent-debug.ts'))).toBe(true);
      expect(execFileSync(process.execPath, [outfile], { encoding: 'utf8' }).trim()).toBe('end');
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});

// Nothing listens on port 1: the client connects, fails, gives up and ends, logging each step.
const CONNECT_AND_END = `
const Redis = require('ioredis').default;
const client = new Redis({ port: 1, lazyConnect: true, retryStrategy: () => null });
client.on('error', () => undefined);
client.once('end', () => console.log(client.status));
client.ping().catch(() => undefined);
`;

/** Loads `load` in a fresh module registry where `debug` is the stand-in, as in a bundle. */
function withDebugStandIn<T>(load: () => T): T {
  let loaded: T | undefined;
  jest.isolateModules(() => {
    jest.doMock('debug', () => jest.requireActual('./silent-debug'));
    loaded = load();
  });
  return loaded as T;
}
