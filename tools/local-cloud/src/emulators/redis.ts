import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { findFreePort } from '../config/ports';

export interface RedisServer {
  url: string;
  /** Where it came from, for the banner. */
  source: 'REDIS_URL' | 'running on 6379' | 'started redis-server';
  stop(): Promise<void>;
}

export const REDIS_MISSING_MESSAGE = [
  'Redis is required and none was found.',
  '  - set REDIS_URL (or --redis-url) to a running server, or',
  '  - start one on 127.0.0.1:6379, or',
  '  - install redis-server so the local cloud can start one itself:',
  '      Debian/Ubuntu: sudo apt-get install -y redis-server',
  '      macOS:         brew install redis',
].join('\n');

/** Answers whether a Redis server replies +PONG at host:port within `timeoutMs`. */
export async function redisAnswers(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Finds Redis in this order: an explicit URL; a server answering on 127.0.0.1:6379; a
 * `redis-server` started on a free port (no persistence: it is a cache); else a clear error.
 */
export async function resolveRedis(
  explicitUrl: string | undefined,
  host: string,
): Promise<RedisServer> {
  if (explicitUrl) return { url: explicitUrl, source: 'REDIS_URL', stop: async () => undefined };
  if (await redisAnswers('127.0.0.1', 6379)) {
    return {
      url: 'redis://127.0.0.1:6379',
      source: 'running on 6379',
      stop: async () => undefined,
    };
  }
  if (!commandExists('redis-server')) throw new Error(REDIS_MISSING_MESSAGE);
  return startRedisServer(host);
}

function commandExists(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

async function startRedisServer(host: string): Promise<RedisServer> {
  const port = await findFreePort(host);
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await redisAnswers(host, port, 200)) {
      return {
        url: `redis://${host}:${port}`,
        source: 'started redis-server',
        stop: () => stopChild(child, exited),
      };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await stopChild(child, exited);
  throw new Error(`redis-server did not answer on ${host}:${port}`);
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  await exited;
}
