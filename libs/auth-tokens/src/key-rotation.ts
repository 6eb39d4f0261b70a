import { ACCESS_TOKEN_TTL_SECONDS } from './access-token';
import { KEYS_MAX_AGE_SECONDS } from './key-source';
import {
  generateSigningKey,
  parsePublishedKeys,
  parseSigningKey,
  publicKeyOf,
  type PublishedKeys,
  type SigningKey,
} from './signing-keys';

/** Where the two halves of the keys are kept (Secrets Manager in AWS and in the local cloud). */
export interface SecretStore {
  /** The secret's text; undefined when the secret has no value (or only a placeholder) yet. */
  read(id: string): Promise<string | undefined>;
  write(id: string, text: string): Promise<void>;
}

/** The ids (names or ARNs) of the signing-key secret and the JWKS secret. */
export interface KeySecretIds {
  signingKey: string;
  jwks: string;
}

/**
 * A rotation keeps the replaced key published so the tokens it signed stay valid; the key before
 * it is retired. Rotating again before a token lifetime (plus the verifiers' cache age) has passed
 * would retire a key whose tokens are still in use, so it needs `force` (a compromised key).
 */
export const MIN_ROTATION_INTERVAL_SECONDS = ACCESS_TOKEN_TTL_SECONDS + KEYS_MAX_AGE_SECONDS;

export interface RotationResult {
  /** The key that signs from now on. */
  kid: string;
  /** The replaced key, still accepted until its tokens expire. */
  previousKid?: string;
  /** Keys no longer accepted. */
  retiredKids: string[];
}

/**
 * Rotates the access-token keys (or creates the first pair): a new key pair is published in the
 * JWKS beside the current key, then becomes the signing key. Publishing first means no verifier
 * meets a token whose key it cannot find (one that cached the old JWKS re-reads it on an unknown
 * `kid`).
 */
export async function rotateAccessTokenKeys(
  store: SecretStore,
  ids: KeySecretIds,
  options: { now?: Date; force?: boolean } = {},
): Promise<RotationResult> {
  const now = options.now ?? new Date();
  const currentText = await store.read(ids.signingKey);
  const next = await generateSigningKey(now);
  if (!currentText) {
    await publish(store, ids, next, { keys: [publicKeyOf(next)], rotatedAt: now.toISOString() });
    return { kid: next.kid, retiredKids: [] };
  }
  const current = parseSigningKey(currentText);
  const jwksText = await store.read(ids.jwks);
  const published = jwksText ? parsePublishedKeys(jwksText) : { keys: [publicKeyOf(current)] };
  const age = published.rotatedAt
    ? (now.getTime() - Date.parse(published.rotatedAt)) / 1000
    : Infinity;
  if (!options.force && age < MIN_ROTATION_INTERVAL_SECONDS) {
    throw new Error(
      `The current key (${current.kid}) became current ${Math.round(age)} s ago: rotating before ${MIN_ROTATION_INTERVAL_SECONDS} s would refuse tokens it signed that have not expired. Wait, or force it if the key is compromised (rotate-keys --force).`,
    );
  }
  await publish(store, ids, next, {
    keys: [publicKeyOf(next), publicKeyOf(current)],
    rotatedAt: now.toISOString(),
  });
  return {
    kid: next.kid,
    previousKid: current.kid,
    retiredKids: published.keys.map((k) => String(k.kid)).filter((kid) => kid !== current.kid),
  };
}

/** Creates the first key pair when there is none; keeps existing keys. True when created. */
export async function ensureAccessTokenKeys(
  store: SecretStore,
  ids: KeySecretIds,
  now: Date = new Date(),
): Promise<boolean> {
  if (await store.read(ids.signingKey)) return false;
  await rotateAccessTokenKeys(store, ids, { now });
  return true;
}

async function publish(
  store: SecretStore,
  ids: KeySecretIds,
  signingKey: SigningKey,
  keys: PublishedKeys,
): Promise<void> {
  await store.write(ids.jwks, JSON.stringify(keys));
  await store.write(ids.signingKey, JSON.stringify(signingKey));
}
