import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The local HS256 JWT secret: `LOCAL_CLOUD_JWT_SECRET` when set, else one generated once and kept
 * in the data directory (tokens survive restarts; `--reset` makes a new one). Never logged.
 */
export function localJwtSecret(file: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.LOCAL_CLOUD_JWT_SECRET) return env.LOCAL_CLOUD_JWT_SECRET;
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing) return existing;
  } catch {
    // none yet
  }
  const secret = randomBytes(32).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
