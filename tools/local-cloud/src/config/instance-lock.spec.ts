import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireInstanceLock } from './instance-lock';

describe('acquireInstanceLock', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'local-cloud-lock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a free lock and releases it', () => {
    const file = join(dir, 'sub', 'lock');
    const release = acquireInstanceLock(file);
    expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
    release();
    expect(existsSync(file)).toBe(false);
  });

  it('refuses a lock held by a live process, naming it', async () => {
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const file = join(dir, 'lock');
      writeFileSync(file, String(holder.pid));
      expect(() => acquireInstanceLock(file)).toThrow(
        `The local cloud is already running (pid ${holder.pid}`,
      );
    } finally {
      holder.kill();
    }
  });

  it('takes over the lock of a process that is gone', async () => {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((r) => gone.once('exit', r));
    const file = join(dir, 'lock');
    writeFileSync(file, String(gone.pid));
    acquireInstanceLock(file)();
    expect(existsSync(file)).toBe(false);
  });
});

describe('acquireInstanceLock within one process', () => {
  it('refuses a second lock on the same file until the first is released', () => {
    const dir = mkdtempSync(join(tmpdir(), 'local-cloud-lock-'));
    const file = join(dir, 'lock');
    const release = acquireInstanceLock(file);
    expect(() => acquireInstanceLock(file)).toThrow('already running in this process');
    release();
    acquireInstanceLock(file)();
    rmSync(dir, { recursive: true, force: true });
  });
});
