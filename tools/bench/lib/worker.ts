import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { WORKSPACE_ROOT, pinProcess } from './child-process';
import { workerNode } from './worker-node';

const REGISTER_TS = join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js');

/** A forked TypeScript worker answering one reply per request, in order. */
export interface Worker<Command, Reply> {
  /** The first message the worker sends (its readiness report). */
  ready: Promise<Reply>;
  /** The worker's process id. */
  pid: number;
  request(command: Command): Promise<Reply>;
  stop(): Promise<void>;
}

export function forkWorker<Command, Reply>(
  file: string,
  args: string[],
  options: {
    env: NodeJS.ProcessEnv;
    nodeArgs?: string[];
    /** Pins the worker (every thread) to these CPUs (`taskset` list) once it runs. */
    cpus?: string;
  },
): Worker<Command, Reply> {
  const node = workerNode();
  const child: ChildProcess = fork(file, args, {
    execPath: node.execPath,
    cwd: WORKSPACE_ROOT,
    env: options.env,
    execArgv: [...node.execArgv, ...(options.nodeArgs ?? []), '-r', REGISTER_TS],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  if (
    options.cpus !== undefined &&
    child.pid !== undefined &&
    !pinProcess(child.pid, options.cpus)
  ) {
    child.kill();
    throw new Error(`could not pin worker ${file} to CPU ${options.cpus}`);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const waiting: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (message) => waiting.shift()?.resolve(message as Reply));
  child.once('exit', (code) => {
    const error = new Error(`worker ${file} exited (${code}):\n${stderr}`);
    waiting.splice(0).forEach((w) => w.reject(error));
  });
  const next = (): Promise<Reply> =>
    new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = next();
  return {
    ready,
    pid: child.pid ?? -1,
    request: (command) => {
      const answer = next();
      child.send(command as object);
      return answer;
    },
    stop: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
