import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { findFreePort } from './free-port';

export interface RedisServer {
  url: string;
  /** Where it came from, for the banner. */
  source: string;
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

/**
 * Answers whether a Redis server replies +PONG at host:port within `timeoutMs` (after AUTH with
 * `password` when given).
 */
export async function redisAnswers(
  host: string,
  port: number,
  timeoutMs = 1000,
  password?: string,
): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let reply = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    const auth = password === undefined ? '' : `AUTH ${password}\r\n`;
    socket.once('connect', () => socket.write(`${auth}PING\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      const lines = reply.split('\r\n').slice(0, -1);
      if (lines.length >= (auth ? 2 : 1)) done(lines[lines.length - 1] === '+PONG');
    });
  });
}

export interface ResolveRedisOptions {
  explicitUrl?: string;
  /** Interface a started redis-server binds to. */
  host: string;
  /** Where a running server is looked for (default 127.0.0.1:6379). */
  probe?: { host: string; port: number };
  /** PATH searched for redis-server (default: this process's PATH). */
  searchPath?: string;
  /** The error's text when there is no Redis and no redis-server to start. */
  missingMessage?: string;
}

/**
 * Finds Redis in this order: an explicit URL; a server answering on 127.0.0.1:6379; a
 * `redis-server` started on a free port (no persistence: it is a cache); else a clear error.
 */
export async function resolveRedis(options: ResolveRedisOptions): Promise<RedisServer> {
  const { explicitUrl, host, probe = { host: '127.0.0.1', port: 6379 } } = options;
  const nothingToStop = async (): Promise<void> => undefined;
  if (explicitUrl) return { url: explicitUrl, source: 'REDIS_URL', stop: nothingToStop };
  if (await redisAnswers(probe.host, probe.port)) {
    return {
      url: `redis://${probe.host}:${probe.port}`,
      source: `already running on ${probe.port}`,
      stop: nothingToStop,
    };
  }
  const executable = findExecutable('redis-server', options.searchPath ?? process.env.PATH ?? '');
  if (!executable) throw new Error(options.missingMessage ?? REDIS_MISSING_MESSAGE);
  return startRedisServer({ host, executable });
}

function findExecutable(command: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

export interface StartRedisOptions {
  host: string;
  /** Default: a free port. */
  port?: number;
  /** Default: `redis-server`, looked up on PATH. */
  executable?: string;
  /** Makes it require AUTH with this password (`--requirepass`), as ElastiCache with a token. */
  password?: string;
}

/**
 * Starts a `redis-server` of this process's own (no persistence: it is a cache) and resolves once
 * it answers; `stop()` ends it. A test that stops and restarts Redis passes the same port again.
 */
export async function startRedisServer(options: StartRedisOptions): Promise<RedisServer> {
  const { host, executable = 'redis-server', password } = options;
  const port = options.port ?? (await findFreePort(host));
  const auth = password === undefined ? [] : ['--requirepass', password];
  const child = spawn(
    executable,
    ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', ...auth],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await redisAnswers(host, port, 200, password)) {
      return {
        url: `redis://${host}:${port}`,
        source: `redis-server started on ${port}`,
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
