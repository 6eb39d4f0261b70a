import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import Redis from 'ioredis';
import { startRedisServer, type RedisServer } from '@traced-social/local-redis';
import { handlerEsbuildOptions, REDIS_COMMANDS_KEPT } from '@traced-social/manifest/build';

const WORKSPACE_ROOT = join(__dirname, '../../../..');
const PASSWORD = 'feed-cache-bundle-token';

/**
 * Every operation of the feed's cache, bundled as the handlers are (decision 1923: the bundle's
 * Redis command table keeps only REDIS_COMMANDS_KEPT's metadata) and run against a Redis of its
 * own that requires AUTH, with a key prefix, so that ioredis reads every command's metadata.
 */
const SCRIPT = `
import { closeRedisClients } from '@traced-social/aws-clients';
import {
  addToCachedFeeds,
  invalidateCachedFeed,
  readCachedFeed,
  removeFromCachedFeeds,
  writeCachedFeed,
} from './feed-cache';

const older = { postId: 'p1', authorId: 'a1', text: 'first', createdAt: '2026-01-01T00:00:00.000Z' };
const newer = { postId: 'p2', authorId: 'a2', text: 'second', createdAt: '2026-01-02T00:00:00.000Z' };

async function main() {
  const outcome = {};
  const miss = await readCachedFeed('u1');
  outcome.miss = miss;
  outcome.written = await writeCachedFeed('u1', [older], miss);
  outcome.added = await addToCachedFeeds(['u1', 'u2'], newer);
  outcome.read = await readCachedFeed('u1');
  outcome.removed = await removeFromCachedFeeds(['u1', 'u2'], newer);
  await invalidateCachedFeed('u1');
  outcome.afterInvalidate = await readCachedFeed('u1');
  await closeRedisClients();
  console.log(JSON.stringify(outcome));
}
main().catch((error) => {
  console.log(JSON.stringify({ failed: error.name + ': ' + error.message }));
  process.exit(1);
});
`;

describe('the feed cache, bundled as its handlers are', () => {
  let redis: RedisServer;
  let outDir: string;

  beforeAll(async () => {
    redis = await startRedisServer({ host: '127.0.0.1', password: PASSWORD });
    outDir = mkdtempSync(join(tmpdir(), 'feed-cache-bundle-'));
  });

  afterAll(async () => {
    await redis?.stop();
    rmSync(outDir, { recursive: true, force: true });
  });

  it('sends only Redis commands whose metadata the bundle keeps, and works', async () => {
    const outfile = join(outDir, 'index.js');
    await build({
      ...handlerEsbuildOptions('xray'),
      stdin: { contents: SCRIPT, resolveDir: __dirname, loader: 'ts' },
      outfile,
      absWorkingDir: WORKSPACE_ROOT,
      logLevel: 'silent',
    });

    // Every command the server receives, from any client but this one (AUTH is never shown).
    // `monitor()` opens a connection of its own: both are closed at the end.
    const client = new Redis(redis.url, { password: PASSWORD });
    const monitor = await client.monitor();
    const sent = new Set<string>();
    // The bundle's last command is the QUIT of its client: every one before it has been seen.
    let quitSeen: () => void = () => undefined;
    const quit = new Promise<void>((resolve) => (quitSeen = resolve));
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      // Commands the feed's Lua scripts run inside Redis are not sent by ioredis.
      if (source === 'lua') return;
      sent.add(args[0].toLowerCase());
      if (args[0].toLowerCase() === 'quit') quitSeen();
    });
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [outfile], {
        env: {
          PATH: process.env.PATH,
          REDIS_URL: redis.url,
          REDIS_AUTH_TOKEN: PASSWORD,
          REDIS_KEY_PREFIX: `feed-cache-bundle:${randomUUID()}:`,
        },
      });
      const outcome = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as Record<
        string,
        unknown
      >;

      expect(outcome.failed).toBeUndefined();
      expect(outcome.miss).toEqual({ hit: false, version: '1' });
      expect(outcome.written).toBe(true);
      expect(outcome.added).toBe(1);
      expect(outcome.read).toEqual({
        hit: true,
        feed: { entries: [newer(), older()], complete: true },
      });
      expect(outcome.removed).toBe(1);
      // u1's rebuild count: its first miss (1), the invalidation while the count lives (2), the
      // miss after it (3).
      expect(outcome.afterInvalidate).toEqual({ hit: false, version: '3' });
      await quit;
    } finally {
      monitor.disconnect();
      client.disconnect();
    }
    // The scripts went by text first (EVAL, a fresh server knows no SHA), then by SHA.
    expect([...sent].sort()).toEqual(expect.arrayContaining(['eval', 'evalsha']));
    expect(
      [...sent].filter((command) => !(REDIS_COMMANDS_KEPT as readonly string[]).includes(command)),
    ).toEqual([]);
  });
});

function older() {
  return { postId: 'p1', authorId: 'a1', text: 'first', createdAt: '2026-01-01T00:00:00.000Z' };
}

function newer() {
  return { postId: 'p2', authorId: 'a2', text: 'second', createdAt: '2026-01-02T00:00:00.000Z' };
}
