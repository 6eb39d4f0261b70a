/**
 * Per-table read/write locks. Writes to a table are serialised (so a stream record's old image is
 * exactly the item before that write, and a transaction's checks and writes see no interleaved
 * write); GetItem and TransactGetItems share a read lock so they never see half a transaction.
 * Waiters are served first come, first served, so a writer is never starved by readers.
 */
class ReadWriteLock {
  private readers = 0;
  private writer = false;
  private readonly waiting: Array<{ write: boolean; grant: () => void }> = [];

  acquire(write: boolean): Promise<void> {
    return new Promise((grant) => {
      this.waiting.push({ write, grant });
      this.drain();
    });
  }

  release(write: boolean): void {
    if (write) this.writer = false;
    else this.readers--;
    this.drain();
  }

  get idle(): boolean {
    return !this.writer && this.readers === 0 && this.waiting.length === 0;
  }

  private drain(): void {
    while (this.waiting.length && !this.writer) {
      const next = this.waiting[0];
      if (next.write && this.readers > 0) return;
      this.waiting.shift();
      if (next.write) this.writer = true;
      else this.readers++;
      next.grant();
    }
  }
}

export class TableLocks {
  private readonly locks = new Map<string, ReadWriteLock>();

  /** Runs `fn` holding the write lock of every table named (taken in name order: no deadlock). */
  withWrite<T>(tables: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    return this.with(true, tables, fn);
  }

  withRead<T>(tables: Iterable<string>, fn: () => Promise<T>): Promise<T> {
    return this.with(false, tables, fn);
  }

  private async with<T>(
    write: boolean,
    tables: Iterable<string>,
    fn: () => Promise<T>,
  ): Promise<T> {
    const names = [...new Set(tables)].sort();
    const held: ReadWriteLock[] = [];
    try {
      for (const name of names) {
        const lock = this.lockFor(name);
        await lock.acquire(write);
        held.push(lock);
      }
      return await fn();
    } finally {
      for (const lock of held.reverse()) lock.release(write);
      for (const name of names) if (this.locks.get(name)?.idle) this.locks.delete(name);
    }
  }

  private lockFor(name: string): ReadWriteLock {
    let lock = this.locks.get(name);
    if (!lock) this.locks.set(name, (lock = new ReadWriteLock()));
    return lock;
  }
}
