import { TokenError, verifyAccessToken, type AccessTokenClaims } from './access-token';
import { publishedKeys } from './key-source';

/**
 * At most one forced re-read of the keys per container in this window: a token naming an
 * unknown `kid` (a key published after our copy, or an attacker's guess) cannot make every
 * request call Secrets Manager.
 */
export const UNKNOWN_KEY_REFRESH_COOLDOWN_MS = 10_000;

let lastForcedRefresh = Number.NEGATIVE_INFINITY;

/**
 * Verifies an access token with the published keys of this container's environment. A token
 * signed with a key newer than the cached copy (just after a rotation) triggers one re-read of
 * the keys before it is judged.
 */
export async function verifyWithPublishedKeys(
  token: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AccessTokenClaims> {
  try {
    return await verifyAccessToken(token, await publishedKeys(env));
  } catch (error) {
    if (!(error instanceof TokenError) || error.problem !== 'unknown-key') throw error;
  }
  const now = Date.now();
  if (now - lastForcedRefresh < UNKNOWN_KEY_REFRESH_COOLDOWN_MS) throw new TokenError('invalid');
  lastForcedRefresh = now;
  try {
    return await verifyAccessToken(token, await publishedKeys(env, { forceFetch: true }));
  } catch (error) {
    if (error instanceof TokenError && error.problem === 'unknown-key') {
      throw new TokenError('invalid');
    }
    throw error;
  }
}
