import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { CollectorStats } from '../stats';

const WORKSPACE_ROOT = join(__dirname, '../../../..');

export interface CollectorProcess {
  udpAddress: string;
  url: string;
  stats(): Promise<CollectorStats>;
  stop(): Promise<void>;
}

/**
 * The collector as users run it (`npm run collector`), in its own process, so that a benchmark's
 * sender does not share its event loop. Resolves once the banner shows the bound address.
 */
export function startCollectorProcess(args: string[] = []): Promise<CollectorProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js'),
      join(__dirname, '../cli/serve.ts'),
      '--port',
      '0',
      ...args,
    ],
    { cwd: WORKSPACE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /UDP \(X-Ray daemon\)\s+(\S+)/.exec(output);
      if (!match) return;
      child.stdout.off('data', onData);
      const udpAddress = match[1];
      const url = `http://${udpAddress}`;
      resolve({
        udpAddress,
        url,
        stats: async () =>
          (await (await fetch(`${url}/viewer/api/stats`)).json()) as CollectorStats,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) =>
      reject(new Error(`the collector exited (${code}) before starting:\n${output}`)),
    );
  });
}
