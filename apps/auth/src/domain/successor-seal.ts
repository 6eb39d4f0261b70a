import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/** A token pair kept encrypted on the refresh token it replaced. */
export interface SealedSuccessor {
  iv: string;
  data: string;
}

/**
 * The key that seals a successor: HMAC-SHA256 of the old refresh token under a fixed label. Only
 * a caller holding the old token can open it; the stored SHA-256 hash of that token (a different
 * derivation) does not, so a copy of the table holds no usable token (decision 1303).
 */
function keyFor(oldRefreshToken: string): Buffer {
  return createHmac('sha256', oldRefreshToken)
    .update('traced-social/refresh-successor/v1')
    .digest();
}

/** Encrypts what a refresh answered (AES-256-GCM), for retries of the same request. */
export function sealSuccessor(answer: unknown, oldRefreshToken: string): SealedSuccessor {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyFor(oldRefreshToken), iv);
  const data = Buffer.concat([
    cipher.update(JSON.stringify(answer), 'utf8'),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return { iv: iv.toString('base64'), data: data.toString('base64') };
}

/** Decrypts a sealed answer with the old refresh token; throws if it is not the right token. */
export function openSuccessor<T>(sealed: SealedSuccessor, oldRefreshToken: string): T {
  const data = Buffer.from(sealed.data, 'base64');
  const decipher = createDecipheriv(
    'aes-256-gcm',
    keyFor(oldRefreshToken),
    Buffer.from(sealed.iv, 'base64'),
  );
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([
    decipher.update(data.subarray(0, data.length - 16)),
    decipher.final(),
  ]);
  return JSON.parse(plain.toString('utf8')) as T;
}
