/**
 * The redactor as it was before issue 12 (keys matched as substrings, a three-pattern free-text
 * pass, no structured strings), frozen here as the `redaction` bench's baseline: the suite runs it
 * beside the current one in the same process, so the ratio is measured, not remembered. Not used
 * by any product code.
 */
const REDACTED = '[REDACTED]';

/** Matched against keys lower-cased with separators removed, as substrings: `x-api-key` → `xapikey`. */
const DEFAULT_SENSITIVE_KEYS = [
  'password',
  'passwd',
  'token',
  'secret',
  'authorization',
  'cookie',
  'jwt',
  'apikey',
  'refreshtoken',
  'credential',
  'privatekey',
  'signature',
] as const;

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi;
/** `password=...`, `token: ...` inside free text (error messages, URLs). */
const KEY_VALUE_IN_TEXT =
  /\b(password|passwd|token|secret|api[_-]?key|access[_-]?token|refresh[_-]?token|jwt)(["']?\s*[:=]\s*["']?)([^\s"'&;,]+)/gi;

export interface Redactor {
  redact<T>(value: T): T;
  redactString(text: string): string;
  isSensitiveKey(key: string): boolean;
}

const normalise = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export function createRedactor(extraKeys: readonly string[] = []): Redactor {
  const sensitive = [...DEFAULT_SENSITIVE_KEYS, ...extraKeys.map(normalise)].filter(Boolean);
  const isSensitiveKey = (key: string): boolean => {
    const k = normalise(key);
    return sensitive.some((s) => k.includes(s));
  };
  const redactString = (text: string): string =>
    text
      .replace(JWT, REDACTED)
      .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`)
      .replace(KEY_VALUE_IN_TEXT, (_m, key: string, sep: string) => `${key}${sep}${REDACTED}`);

  const walk = (value: unknown, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return redactString(value);
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
    for (const [key, item] of Object.entries(value)) {
      out[key] =
        isSensitiveKey(key) && item !== undefined && item !== null ? REDACTED : walk(item, seen);
    }
    return out;
  };

  return {
    redact: <T>(value: T): T => walk(value, new WeakSet()) as T,
    redactString,
    isSensitiveKey,
  };
}

function errorAsPlainObject(error: Error): Record<string, unknown> {
  const { name, message, stack, ...rest } = error as Error & Record<string, unknown>;
  return { name, message, ...(stack ? { stack } : {}), ...rest };
}
