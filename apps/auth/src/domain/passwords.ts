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

/**
 * What an unknown email is checked against: the hash of a random password nobody kept, made
 * with the same parameters as every stored hash. A constant, so an unknown email costs exactly
 * one argon2 verification like a known one, even on a cold start (decision 1304).
 */
export const DECOY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$5D+48H1yqIvxVsjclLu3ng$VosTg6KTciGoOWi8JS6py7ofPqWVlkIG40x9J2+3u7Q';

/**
 * Checks a password against a stored hash. Without a stored hash (unknown account) the decoy is
 * verified instead, so an unknown email and a wrong password cost the same and cannot be told
 * apart by timing.
 */
export async function verifyPassword(
  password: string,
  storedHash: string | undefined,
): Promise<boolean> {
  const matches = await argon2Verify({ password, hash: storedHash ?? DECOY_HASH }).catch(
    () => false,
  );
  return storedHash !== undefined && matches;
}
