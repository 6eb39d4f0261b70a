import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface CommandResult {
  code: number;
  output: string;
}

/** A copy of the workspace to generate into, so the real checkout is never touched. */
export interface ScratchWorkspace {
  readonly root: string;
  /** Runs a command in the copy (or `cwd` inside it); rejects with its output on failure. */
  run(command: string, args: string[], options?: RunOptions): Promise<CommandResult>;
  /** Starts a long-running command in its own process group (stop it with `stop`). */
  start(command: string, args: string[], env?: Record<string, string>): StartedProcess;
  remove(): void;
}

export interface RunOptions {
  /** Directory relative to the copy's root (default: the root). */
  cwd?: string;
  timeoutMs?: number;
}

export interface StartedProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` to the whole process group (npm and what it started). */
  stop(signal?: NodeJS.Signals): void;
}

/**
 * What an outer Nx task hands its process (its workspace root, task ids, output capture), which
 * must not leak into the Nx runs of the copy.
 */
const OUTER_NX_TASK_ENV =
  /^NX_(TASK_|TERMINAL_|STREAM_OUTPUT|PREFIX_OUTPUT|WORKSPACE_ROOT|INVOCATION_ROOT_PID|SET_CLI)/;

/**
 * Nx, Jest and ESLint as CI runs them, without the daemon, the cache or prompts; nested Jest runs
 * must not add their counts to CI's report (JEST_JSON_REPORT_DIR).
 */
function commandEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !OUTER_NX_TASK_ENV.test(key)),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    CI: 'true',
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_SKIP_NX_CACHE: 'true',
    NX_TUI: 'false',
    FORCE_COLOR: '0',
    ...extra,
  };
  delete env.JEST_JSON_REPORT_DIR;
  delete env.JEST_WORKER_ID;
  delete env.NODE_ENV;
  return env;
}

/**
 * Copies the workspace's files (tracked, and untracked ones not ignored: what a fresh clone plus
 * the work in progress would hold) into a temporary directory, with `node_modules` linked.
 */
export function createScratchWorkspace(workspaceRoot: string): ScratchWorkspace {
  const root = mkdtempSync(join(tmpdir(), 'nx-plugin-e2e-'));
  const files = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    {
      cwd: workspaceRoot,
      maxBuffer: 64 * 1024 * 1024,
    },
  )
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const from = join(workspaceRoot, file);
    if (!existsSync(from)) continue; // deleted in the working tree
    mkdirSync(dirname(join(root, file)), { recursive: true });
    copyFileSync(from, join(root, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  execFileSync('git', ['init', '-q'], { cwd: root });

  const run = (command: string, args: string[], options: RunOptions = {}): Promise<CommandResult> =>
    new Promise((resolve, reject) => {
      execFile(
        command,
        args,
        {
          cwd: join(root, options.cwd ?? '.'),
          env: commandEnv(),
          timeout: options.timeoutMs ?? 600_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const output = `${stdout}${stderr}`;
          if (error) {
            reject(new Error(`${command} ${args.join(' ')} failed (${error.message}):\n${output}`));
          } else {
            resolve({ code: 0, output });
          }
        },
      );
    });

  const start = (command: string, args: string[], env?: Record<string, string>): StartedProcess => {
    const child = spawn(command, args, {
      cwd: root,
      env: commandEnv(env),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return {
      child,
      output: () => text,
      exited,
      stop: (signal = 'SIGINT') => {
        if (child.pid && child.exitCode === null) {
          try {
            process.kill(-child.pid, signal);
          } catch {
            // already gone
          }
        }
      },
    };
  };

  return { root, run, start, remove: () => rmSync(root, { recursive: true, force: true }) };
}
