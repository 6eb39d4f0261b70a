import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWorkspaceRoot } from './config/workspace';
import { eventually } from './testing/helpers';

jest.setTimeout(240_000);

/**
 * The README's `npm start`, as a user runs it: start (random ports, a fresh data directory, the
 * fixture app besides the workspace's apps), wait for the banner, call a route, refuse a second
 * instance, then Ctrl-C (SIGINT to the process group, as a terminal sends it) and a clean exit.
 */
describe('npm start (smoke)', () => {
  const root = findWorkspaceRoot(__dirname);
  const fixture = join(__dirname, 'testing', 'fixtures', 'greetings-app');
  let dataDir: string;
  const started: ChildProcess[] = [];

  const npmStart = (): {
    child: ChildProcess;
    output: () => string;
    exited: Promise<number | null>;
  } => {
    const child = spawn(
      'npm',
      ['start', '--', '--ports', 'random', '--data-dir', dataDir, '--app', fixture, '--quiet'],
      {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    started.push(child);
    let text = '';
    child.stdout?.on('data', (c: Buffer) => (text += c.toString('utf8')));
    child.stderr?.on('data', (c: Buffer) => (text += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    );
    return { child, output: () => text, exited };
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-smoke-'));
  });

  afterAll(() => {
    for (const child of started) {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts, prints the banner, serves a route, refuses a second start, stops on Ctrl-C', async () => {
    const first = npmStart();
    await eventually(
      'the banner',
      async () => (first.output().includes('Ctrl-C stops everything') ? true : undefined),
      180_000,
    );
    const apiUrl = /API\s+(http:\/\/\S+)/.exec(first.output())?.[1];
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.output()).toMatch(/Trace viewer\s+http:\/\/127\.0\.0\.1:\d+/);
    expect(first.output()).toContain('GET     /greetings/{name}');

    const response = await fetch(`${apiUrl}/greetings/smoke`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ greeting: 'Hello, smoke!' });

    const second = npmStart();
    expect(await second.exited).not.toBe(0);
    expect(second.output()).toContain('The local cloud is already running');

    // npm itself dies of the SIGINT; the local cloud (its child) stops cleanly and says so.
    process.kill(-first.child.pid!, 'SIGINT');
    await first.exited;
    await eventually(
      'the clean stop',
      async () => (first.output().includes('Stopped.') ? true : undefined),
      60_000,
    );
    expect(first.output()).toContain('SIGINT: stopping the local cloud');
    expect(first.output()).not.toContain('Forced exit');
  });
});
