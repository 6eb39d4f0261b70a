import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair, type JSONWebKeySet, type JWK } from 'jose';

/** Access tokens are signed with ECDSA P-256 / SHA-256 (decision 1300). */
export const ACCESS_TOKEN_ALGORITHM = 'ES256';

/** The private key the auth functions sign with: a private JWK carrying its `kid` and `alg`. */
export interface SigningKey extends JWK {
  kid: string;
  alg: typeof ACCESS_TOKEN_ALGORITHM;
  d: string;
}

/**
 * The public keys every verifier accepts: a JWKS with the current key first and the previous one
 * (still valid until the tokens it signed expire), plus when the current key became current.
 */
export interface PublishedKeys extends JSONWebKeySet {
  rotatedAt?: string;
}

/**
 * A new P-256 key pair. The `kid` says when it was made (for people reading a JWKS) and adds
 * random bits so that two keys made in the same second still differ.
 */
export async function generateSigningKey(now: Date = new Date()): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALGORITHM, { extractable: true });
  const jwk = await exportJWK(privateKey);
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '');
  const kid = `${stamp}-${randomBytes(4).toString('hex')}`;
  return { ...jwk, kid, alg: ACCESS_TOKEN_ALGORITHM, d: String(jwk.d) };
}

/** The public half of a signing key, as published in the JWKS. */
export function publicKeyOf(signingKey: SigningKey): JWK {
  const { kty, crv, x, y, kid, alg } = signingKey;
  return { kty, crv, x, y, kid, alg, use: 'sig' };
}

/** Parses and checks a signing key read from a secret (fails loudly on anything else). */
export function parseSigningKey(text: string): SigningKey {
  const key = JSON.parse(text) as Partial<SigningKey>;
  if (
    key.kty !== 'EC' ||
    key.crv !== 'P-256' ||
    key.alg !== ACCESS_TOKEN_ALGORITHM ||
    typeof key.kid !== 'string' ||
    typeof key.d !== 'string'
  ) {
    throw new Error('The access-token signing key is not a private ES256 JWK with a kid');
  }
  return key as SigningKey;
}

/** Parses and checks a JWKS read from a secret: public keys only, each with a `kid`. */
export function parsePublishedKeys(text: string): PublishedKeys {
  const set = JSON.parse(text) as Partial<PublishedKeys>;
  if (!Array.isArray(set.keys) || set.keys.length === 0) {
    throw new Error('The access-token JWKS has no keys');
  }
  for (const key of set.keys) {
    if (typeof key.kid !== 'string' || 'd' in key) {
      throw new Error('The access-token JWKS must hold public keys with a kid');
    }
  }
  return set as PublishedKeys;
}
