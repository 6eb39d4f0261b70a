import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeWorkerNode, workerNode } from './worker-node';

/** A stand-in "node" that prints a version, as any Node binary does for --version. */
function fakeNode(path: string, version: string): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho ${version}\n`, { mode: 0o755 });
  return path;
}

const runningMajor = process.versions.node.split('.')[0];

describe('workerNode', () => {
  it("is the running Node when it is the deployed runtime's, with nothing to report", () => {
    const options = { runtime: `nodejs${runningMajor}.x` };
    expect(workerNode({}, options)).toEqual({
      execPath: process.execPath,
      execArgv: [],
      version: process.version,
      note: '',
    });
    expect(describeWorkerNode({}, options)).toBe('');
  });

  it("runs on the deployed runtime's Node, fetched once into the cache", () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-node-'));
    const fetched: number[] = [];
    const fetch = (major: number, dir: string): void => {
      fetched.push(major);
      fakeNode(join(dir, 'package/bin/node'), 'v99.1.2');
    };
    const options = { runtime: 'nodejs99.x', cacheDir, fetch };
    const node = workerNode({}, options);
    expect(node).toEqual({
      execPath: join(cacheDir, 'v99/package/bin/node'),
      execArgv: [],
      version: 'v99.1.2',
      note: "the deployed runtime's, nodejs99.x",
    });
    // Present and running: not fetched again.
    expect(describeWorkerNode({}, options)).toBe(
      "per-invocation workers on Node v99.1.2 (the deployed runtime's, nodejs99.x)",
    );
    expect(fetched).toEqual([99]);
  });

  it('stays on the running Node, and the report says why, when the runtime cannot be fetched', () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'bench-node-'));
    const options = {
      runtime: 'nodejs99.x',
      cacheDir,
      fetch: (): void => {
        throw new Error('registry unreachable');
      },
    };
    expect(workerNode({}, options).execPath).toBe(process.execPath);
    expect(describeWorkerNode({}, options)).toBe(
      `per-invocation workers on Node ${process.version} (not nodejs99.x's Node 99, which could not be fetched: registry unreachable)`,
    );
  });

  it('runs BENCH_WORKER_NODE with its flags, and the report names its version as it prints it', () => {
    const binary = fakeNode(join(mkdtempSync(join(tmpdir(), 'worker-node-')), 'node'), 'v98.0.1');
    const env = { BENCH_WORKER_NODE: binary, BENCH_WORKER_NODE_ARGS: ' --flag-a  --flag-b ' };
    expect(workerNode(env)).toEqual({
      execPath: binary,
      execArgv: ['--flag-a', '--flag-b'],
      version: 'v98.0.1',
      note: 'BENCH_WORKER_NODE',
    });
    expect(describeWorkerNode(env)).toBe(
      'per-invocation workers on Node v98.0.1 --flag-a --flag-b (BENCH_WORKER_NODE)',
    );
  });

  it('runs on the running Node with BENCH_WORKER_NODE=local', () => {
    expect(workerNode({ BENCH_WORKER_NODE: 'local' }, { runtime: 'nodejs99.x' })).toEqual({
      execPath: process.execPath,
      execArgv: [],
      version: process.version,
      note: '',
    });
  });

  it('names the binary when it does not run', () => {
    expect(() => workerNode({ BENCH_WORKER_NODE: '/nonexistent/node' })).toThrow(
      'BENCH_WORKER_NODE "/nonexistent/node" does not run',
    );
  });
});
