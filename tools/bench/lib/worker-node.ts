import { execFileSync } from 'node:child_process';

/**
 * BENCH_WORKER_NODE: another Node binary for the benches' per-invocation workers (the observability
 * and otel rounds), to measure on the deployed runtime's Node rather than the local one (decision
 * 1935 compares Node 20, 22 and 24 that way). BENCH_WORKER_NODE_ARGS: flags for it, space-separated.
 * Unset, the workers run on the Node that runs the bench.
 */
export interface WorkerNode {
  execPath: string;
  execArgv: string[];
  /** `v24.21.0`, as the binary prints it. */
  version: string;
}

/** Versions already asked, per binary (each bench forks several workers). */
const versions = new Map<string, string>([[process.execPath, process.version]]);

export function workerNode(env: NodeJS.ProcessEnv = process.env): WorkerNode {
  const execArgv = (env.BENCH_WORKER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const execPath = env.BENCH_WORKER_NODE || process.execPath;
  let version = versions.get(execPath);
  if (!version) {
    try {
      version = execFileSync(execPath, ['--version'], { encoding: 'utf8' }).trim();
    } catch (error) {
      throw new Error(
        `BENCH_WORKER_NODE "${execPath}" does not run: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    versions.set(execPath, version);
  }
  return { execPath, execArgv, version };
}

/** How the workers' Node differs from the bench's, for the report; empty when it does not. */
export function describeWorkerNode(env: NodeJS.ProcessEnv = process.env): string {
  if (!env.BENCH_WORKER_NODE && !env.BENCH_WORKER_NODE_ARGS) return '';
  const { version, execArgv } = workerNode(env);
  return `per-invocation workers on Node ${version}${execArgv.length ? ` ${execArgv.join(' ')}` : ''} (BENCH_WORKER_NODE)`;
}
