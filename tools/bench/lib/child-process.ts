import { spawn, spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';

export const WORKSPACE_ROOT = join(__dirname, '../../..');
const REGISTER_TS = join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js');

export interface ChildOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags (`--expose-gc`). */
  nodeArgs?: string[];
  /** Stream the child's output to ours instead of collecting it. */
  inherit?: boolean;
  /**
   * Run the child on one CPU only (`taskset`, Linux; elsewhere the child is not pinned), as a
   * Lambda function of up to 1,769 MB has at most one vCPU. Unpinned on this 2-core machine, a
   * fresh process's import landed in one of two modes 30 ms apart (decision 1936).
   */
  oneCpu?: boolean;
}

export interface ChildResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript file in a fresh Node process (swc-node with the workspace's path aliases). */
export function runTypeScript(
  file: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<ChildResult> {
  return runNode(['-r', REGISTER_TS, file, ...args], options);
}

export function runNode(args: string[], options: ChildOptions = {}): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const nodeArgv = [process.execPath, ...(options.nodeArgs ?? []), ...args];
    const argv =
      options.oneCpu && canPin() ? ['taskset', '-c', FUNCTION_CPU, ...nodeArgv] : nodeArgv;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: WORKSPACE_ROOT,
      env: options.env ?? process.env,
      stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * The function's CPU (one vCPU, as Lambda gives a function of up to 1,769 MB): the last one, as the
 * first takes more of the machine's interrupts.
 */
export const FUNCTION_CPU = String(Math.max(0, cpus().length - 1));
/** The other CPUs (`0-<n-2>`): where the emulated remote services and the bench itself run. */
const OTHER_CPUS = cpus().length > 2 ? `0-${cpus().length - 2}` : '0';
const ALL_CPUS = `0-${cpus().length - 1}`;
let pinnable: boolean | undefined;

/** Whether `taskset` runs here (util-linux, on every Debian). */
export function canPin(): boolean {
  pinnable ??= spawnSync('taskset', ['-c', FUNCTION_CPU, 'true']).status === 0;
  return pinnable;
}

/**
 * Whether the bench can give the function a CPU of its own (decision 1953): `taskset` and at
 * least two CPUs.
 */
export function canSeparateFunctionCpu(): boolean {
  return cpus().length >= 2 && canPin();
}

/** Pins a running process, every thread, to `cpuList` (`taskset -a -p -c`); false if it could not. */
export function pinProcess(pid: number, cpuList: string): boolean {
  return spawnSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)]).status === 0;
}

/**
 * Runs `fn` with this process (the bench: emulators of remote services, sinks, the controller) on
 * the CPUs other than the function's, then gives it every CPU back.
 */
export async function offTheFunctionCpu<T>(fn: () => Promise<T>): Promise<T> {
  if (!canSeparateFunctionCpu()) return fn();
  // Every CPU back afterwards if `taskset` could not tell the affinity the bench had.
  const before = affinityOf(process.pid) || ALL_CPUS;
  pinProcess(process.pid, OTHER_CPUS);
  try {
    return await fn();
  } finally {
    pinProcess(process.pid, before);
  }
}

/** The CPUs a process may run on, as `taskset` lists them (`0-1`, `1`); empty if it could not tell. */
export function affinityOf(pid: number): string {
  const { status, stdout } = spawnSync('taskset', ['-c', '-p', String(pid)], { encoding: 'utf8' });
  return status === 0 ? (stdout.trim().split(': ').pop() ?? '') : '';
}

/** The JSON a measuring child prints on its last `RESULT ` line. */
export function parseResultLine<T>(output: ChildResult, what: string): T {
  const line = output.stdout
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('RESULT '));
  if (output.code !== 0 || !line) {
    throw new Error(`${what} failed (exit ${output.code}):\n${output.stderr || output.stdout}`);
  }
  return JSON.parse(line.slice('RESULT '.length)) as T;
}
