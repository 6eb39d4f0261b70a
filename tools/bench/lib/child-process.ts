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
    const argv = options.oneCpu && canPin() ? ['taskset', '-c', PINNED_CPU, ...nodeArgv] : nodeArgv;
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

/** The last CPU: the first one takes more of the machine's interrupts. */
const PINNED_CPU = String(Math.max(0, cpus().length - 1));
let pinnable: boolean | undefined;

/** Whether `taskset` runs here (util-linux, on every Debian). */
export function canPin(): boolean {
  pinnable ??= spawnSync('taskset', ['-c', PINNED_CPU, 'true']).status === 0;
  return pinnable;
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
