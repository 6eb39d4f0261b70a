/**
 * Who made a sampling rule or group: a user through the X-Ray API (`api`), or the collector's
 * host in-process (`in-process`: the local cloud, from the shared definition it recreates at
 * every start). Only user-made ones are kept across restarts (decision 1511).
 */
export type ChangeOrigin = 'api' | 'in-process';

/**
 * The names a store holds as user-made, and who to tell when anything in the store changes
 * (the collector then saves the user-made ones).
 */
export class UserMadeNames {
  private readonly names = new Set<string>();
  private readonly listeners: Array<() => void> = [];

  has(name: string): boolean {
    return this.names.has(name);
  }

  /** Records `name`'s origin after a create (or restore) and reports the change. */
  created(name: string, origin: ChangeOrigin): void {
    if (origin === 'api') this.names.add(name);
    else this.names.delete(name);
    this.changed();
  }

  deleted(name: string): void {
    this.names.delete(name);
    this.changed();
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }
}
