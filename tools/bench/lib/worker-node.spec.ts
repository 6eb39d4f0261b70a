import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWorkerNode, workerNode } from './worker-node';

describe('workerNode (BENCH_WORKER_NODE)', () => {
  it('is the running Node, with no flags and nothing to report, when unset', () => {
    expect(workerNode({})).toEqual({
      execPath: process.execPath,
      execArgv: [],
      version: process.version,
    });
    expect(describeWorkerNode({})).toBe('');
  });

  it('runs another binary with its flags, and the report names its version as it prints it', () => {
    // A stand-in "node" that prints a version, as any Node binary does for --version.
    const dir = mkdtempSync(join(tmpdir(), 'worker-node-'));
    const binary = join(dir, 'node');
    writeFileSync(binary, '#!/bin/sh\necho v99.1.2\n', { mode: 0o755 });
    const env = { BENCH_WORKER_NODE: binary, BENCH_WORKER_NODE_ARGS: ' --flag-a  --flag-b ' };
    expect(workerNode(env)).toEqual({
      execPath: binary,
      execArgv: ['--flag-a', '--flag-b'],
      version: 'v99.1.2',
    });
    expect(describeWorkerNode(env)).toBe(
      'per-invocation workers on Node v99.1.2 --flag-a --flag-b (BENCH_WORKER_NODE)',
    );
  });

  it('names the binary when it does not run', () => {
    expect(() => workerNode({ BENCH_WORKER_NODE: '/nonexistent/node' })).toThrow(
      'BENCH_WORKER_NODE "/nonexistent/node" does not run',
    );
  });
});
