/**
 * Which keys name secrets. A key is split into its words (camelCase, snake_case, kebab-case,
 * dotted, `XMLHttp`-style acronyms: `clientSecret` → client secret, `x-api-key` → x api key) and
 * judged on them:
 *
 * - sensitive when its words, joined, contain a sensitive fragment (`password`, `token`,
 *   `apikey`, `sessionid`, ...: so `refresh_token`, `XApiKey` and `apikey` all match), or when one
 *   of its words is a short sensitive word (`pass`, `pwd`, `auth`, ...: whole words only, so
 *   `userPass` matches and `passenger`, `author` do not);
 * - except when its last word says it describes the secret rather than holds it (`tokenCount`,
 *   `passwordPolicy`, `tokenType`, `secretName`, `tokenExpiresAt`): the safe qualifiers.
 */

/** Fragments looked for in the key's words joined, lower-case: `x-api-key` → `xapikey`. */
export const SENSITIVE_KEY_FRAGMENTS = [
  'password',
  'passwd',
  'passphrase',
  'secret',
  'token',
  'authorization',
  'cookie',
  'jwt',
  'apikey',
  'accesskey',
  'privatekey',
  'sessionid',
  'credential',
  'signature',
  'cardnumber',
  'creditcard',
] as const;

/** Short words that name a secret only as a whole word: `userPass`, `pwd`, `authHeader`, `pinCode`. */
export const SENSITIVE_KEY_WORDS = [
  'pass',
  'pwd',
  'auth',
  'pin',
  'otp',
  'cvv',
  'cvc',
  'sid',
  'ssn',
  'csrf',
  'xsrf',
] as const;

/**
 * A key ending in one of these describes a secret without holding it: `tokenCount`,
 * `passwordPolicy`, `password_min_length`, `tokenType`, `refreshTokenExpiresAt`, `secretName`.
 */
export const SAFE_KEY_QUALIFIERS = [
  'count',
  'policy',
  'length',
  'type',
  'ttl',
  'expiry',
  'expires',
  'expiration',
  'at',
  'limit',
  'strength',
  'rules',
  'required',
  'enabled',
  'version',
  'name',
  'arn',
] as const;

/** The words of a key, lower-case: `XApiKey` → x api key, `refresh_token` → refresh token. */
export function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Keys are few and repeat: the verdicts are cached, up to this many. */
const CACHE_LIMIT = 2000;

/**
 * A key matcher over the default lists plus `extraKeys` (each also matched as a fragment of the
 * joined words: `ssn` → `userSsn`, `x-ssn`).
 */
export function createKeyMatcher(extraKeys: readonly string[] = []): (key: string) => boolean {
  const fragments: readonly string[] = [
    ...SENSITIVE_KEY_FRAGMENTS,
    ...extraKeys.map((key) => keyWords(key).join('')),
  ];
  const words = new Set<string>(SENSITIVE_KEY_WORDS);
  const safe = new Set<string>(SAFE_KEY_QUALIFIERS);
  const cache = new Map<string, boolean>();

  const judge = (key: string): boolean => {
    const parts = keyWords(key);
    if (parts.length === 0) return false;
    if (parts.length > 1 && safe.has(parts[parts.length - 1])) return false;
    const joined = parts.join('');
    return fragments.some((f) => joined.includes(f)) || parts.some((w) => words.has(w));
  };

  return (key: string): boolean => {
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = judge(key);
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, verdict);
    }
    return verdict;
  };
}
