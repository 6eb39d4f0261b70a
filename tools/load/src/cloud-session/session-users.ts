import { randomUUID } from 'node:crypto';
import type { SessionUser } from './cloud-session';

/** A user named `name` with an id of its own (`<name>-<uuid>`), so runs never share data. */
export function uniqueUser(name: string): SessionUser {
  return { userId: `${name}-${randomUUID()}`, username: name };
}

/** `count` users named `<name>0`, `<name>1`, ..., each with an id of its own. */
export function uniqueUsers(name: string, count: number): SessionUser[] {
  return Array.from({ length: count }, (_, i) => ({
    userId: `${name}-${i}-${randomUUID()}`,
    username: `${name}${i}`,
  }));
}
