import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';

/**
 * argon2id with OWASP's baseline cost: 19 MiB, 2 passes, 1 lane, 16-byte salt, 32-byte hash,
 * stored as a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$...`) that keeps the parameters, so
 * raising them later still verifies old hashes. WebAssembly rather than a native addon: the
 * handler stays one bundled file on any Lambda architecture (docs/decisions/0300).
 */
const ARGON2 = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2id({ ...ARGON2, password, salt: randomBytes(16), outputType: 'encoded' });
}

let decoy: Promise<string> | undefined;

/**
 * Checks a password against a stored hash. Without a stored hash (unknown account) a decoy hash
 * is verified instead, so an unknown email costs the same argon2 work as a wrong password and
 * the two cannot be told apart by timing.
 */
export async function verifyPassword(
  password: string,
  storedHash: string | undefined,
): Promise<boolean> {
  decoy ??= hashPassword('decoy-password-never-matches-anything');
  const target = storedHash ?? (await decoy);
  const matches = await argon2Verify({ password, hash: target }).catch(() => false);
  return storedHash !== undefined && matches;
}
