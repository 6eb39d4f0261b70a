import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One local cloud per data directory: a lock file holding the owner's pid. A stale lock (its
 * process is gone) is taken over; a live one is a clear error instead of a port clash or a
 * LevelDB lock error later.
 */
export function acquireInstanceLock(lockFile: string): () => void {
  if (heldHere.has(lockFile)) {
    throw new Error(
      `The local cloud is already running in this process with the lock ${lockFile}.`,
    );
  }
  const owner = readOwner(lockFile);
  if (owner !== undefined && owner !== process.pid && isAlive(owner)) {
    throw new Error(
      `The local cloud is already running (pid ${owner}, lock ${lockFile}). Stop it with Ctrl-C in its terminal (or kill ${owner}) before starting another.`,
    );
  }
  mkdirSync(dirname(lockFile), { recursive: true });
  writeFileSync(lockFile, String(process.pid));
  heldHere.add(lockFile);
  return () => {
    heldHere.delete(lockFile);
    if (readOwner(lockFile) === process.pid) rmSync(lockFile, { force: true });
  };
}

/** Locks held by this process (tests start several clouds in one process, on other dirs). */
const heldHere = new Set<string>();

function readOwner(lockFile: string): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
