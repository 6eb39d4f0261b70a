/**
 * Redaction: what never leaves the process in a trace, a metric or a log line. One redactor
 * (`runtime().redactor`) serves every backend, the logger and the AWS client capture:
 *
 * - by key: a value under a sensitive key (`sensitive-keys.ts`) is replaced whole, at any depth
 *   of objects, arrays, Maps, Sets and Errors;
 * - by structure: a string holding JSON, a form body or a URL with a query is parsed, redacted by
 *   key and written back (`structured-strings.ts`);
 * - by pattern: any other string loses what looks like a secret (`secret-patterns.ts`: JWTs,
 *   `Bearer`/`Basic` credentials, PEM blocks, card numbers, AWS access key ids, URL passwords, and
 *   the value after a sensitive key, `password: correct horse battery staple`).
 */
import { REDACTED } from './marker';
import { isCardNumber, redactSecretPatterns } from './secret-patterns';
import { createKeyMatcher } from './sensitive-keys';
import {
  redactStructuredString,
  redactUrlText,
  type StructuredRedaction,
} from './structured-strings';

export { REDACTED } from './marker';
export {
  SAFE_KEY_QUALIFIERS,
  SENSITIVE_KEY_FRAGMENTS,
  SENSITIVE_KEY_WORDS,
  createKeyMatcher,
  keyWords,
} from './sensitive-keys';
export { isCardNumber, isLuhnValid } from './secret-patterns';

/** The fragments every key is matched against (kept under its old name for the lint rule's check). */
export { SENSITIVE_KEY_FRAGMENTS as DEFAULT_SENSITIVE_KEYS } from './sensitive-keys';

export interface Redactor {
  /** A copy of `value` with every secret replaced; strings are redacted as described above. */
  redact<T>(value: T): T;
  redactString(text: string): string;
  /** A URL (`http.url`) with its sensitive query and fragment parameters and its password redacted. */
  redactUrl(url: string): string;
  isSensitiveKey(key: string): boolean;
}

/** Anything shorter cannot hold a secret worth a pattern (values under sensitive keys go whole). */
const SHORTEST_PATTERN_INPUT = 6;
/**
 * One scan that every structure and pattern needs to match (a separator, a bracket, a PEM dash run, four
 * digits, a credential's prefix): most strings (names, ids, operation types) stop here.
 */
const MAY_HOLD_SECRET = /[:={[]|-----|\d{4}|eyJ|A[KS]IA|bearer|basic|digest/i;
/** Integers this large may be card numbers written as JSON numbers. */
const SMALLEST_CARD_NUMBER = 1e12;

/** Checked up front: a bad extra key is a configuration mistake, not something to guess about. */
function extraKeysProblem(extraKeys: unknown): string | undefined {
  if (!Array.isArray(extraKeys)) return 'extra sensitive keys must be an array of strings';
  const bad = extraKeys.filter((k) => typeof k !== 'string' || !/[A-Za-z0-9]/.test(k));
  return bad.length > 0
    ? `extra sensitive keys must be words (letters or digits): ${bad.map((k) => JSON.stringify(k)).join(', ')}`
    : undefined;
}

export function createRedactor(extraKeys: readonly string[] = []): Redactor {
  const problem = extraKeysProblem(extraKeys);
  if (problem) throw new TypeError(problem);
  const isSensitiveKey = createKeyMatcher(extraKeys);

  const redactString = (text: string): string => {
    if (text.length < SHORTEST_PATTERN_INPUT || !MAY_HOLD_SECRET.test(text)) return text;
    return (
      redactStructuredString(text, structured) ??
      redactSecretPatterns(text, isSensitiveKey, structured.redactValue)
    );
  };

  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
    if (typeof value === 'number') {
      return value >= SMALLEST_CARD_NUMBER &&
        Number.isSafeInteger(value) &&
        isCardNumber(`${value}`)
        ? REDACTED
        : value;
    }
    if (value === null || typeof value !== 'object') return value;
    if (seen.has(value)) return '[Circular]';
    seen.add(value);
    if (value instanceof Error) return walk(errorAsPlainObject(value), seen);
    if (value instanceof Date) return value.toISOString();
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value))
      return `[binary ${value.byteLength} bytes]`;
    if (value instanceof Map) return walk(Object.fromEntries(value), seen);
    if (value instanceof Set) return walk([...value], seen);
    if (Array.isArray(value)) return value.map((item) => walk(item, seen));
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      out[key] =
        item !== undefined && item !== null && isSensitiveKey(key) ? REDACTED : walk(item, seen);
    }
    return out;
  };

  const structured: StructuredRedaction = {
    isSensitiveKey,
    redactValue: (value) => walk(value, new WeakSet()),
    redactText: redactString,
  };

  return {
    redact: <T>(value: T): T => walk(value, new WeakSet()) as T,
    redactString,
    redactUrl: (url) => redactUrlText(url, structured),
    isSensitiveKey,
  };
}

let defaultRedactor: Redactor | undefined;

/**
 * `redactUrl` with the default rules, for code outside a function's runtime (the local cloud's
 * API Gateway segment and request log).
 */
export function redactUrl(url: string): string {
  defaultRedactor ??= createRedactor();
  return defaultRedactor.redactUrl(url);
}

function errorAsPlainObject(error: Error): Record<string, unknown> {
  const { name, message, stack, ...rest } = error as Error & Record<string, unknown>;
  return { name, message, ...(stack ? { stack } : {}), ...rest };
}

/**
 * A cache key with its identifiers kept and its secrets removed: `feed:user-1` stays, a segment
 * after a sensitive word (`session:<token>`, `jwt:<...>`) and anything secret-looking goes.
 */
export function redactCacheKey(key: string, redactor: Redactor): string {
  const parts = key.split(':');
  return parts
    .map((part, i) => (i > 0 && redactor.isSensitiveKey(parts[i - 1]) ? REDACTED : part))
    .map((part) => redactor.redactString(part))
    .join(':');
}
