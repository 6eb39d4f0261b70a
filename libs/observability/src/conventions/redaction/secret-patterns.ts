/**
 * The free-text pass: secrets recognised by their shape or by the key written before them,
 * anywhere in a string (a log message, an error message, a stack, a string that is not JSON).
 * Each pattern is tried only when a cheap test says it could match, so ordinary strings cost a few
 * `includes` calls.
 */
import { REDACTED } from './marker';

const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const AUTH_SCHEME = /\b(Bearer|Basic|Digest)\s+[A-Za-z0-9._~+/=-]+/gi;
/** Whole PEM blocks (keys, certificates), or from BEGIN to the end of a cut-off text. */
const PEM = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?(?:-----END \1-----|$)/g;
/** AWS access key ids (long-term `AKIA`, temporary `ASIA`). */
const AWS_ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;
/** The password of a URL's user info: `scheme://user:secret@host`. */
const URL_USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+):[^\s@/?#]+@/gi;
/**
 * 13–19 digits, spaces or dashes between them, starting like a card number (2–6: Mastercard,
 * Amex, Diners, JCB, Visa, Discover...). Digit strings starting with 1 (epoch milliseconds) are
 * left alone; the rest must pass the Luhn check.
 */
const CARD_CANDIDATE = /\b[2-6](?:[ -]?\d){12,18}\b/g;
/**
 * A key followed by `:` or `=` (`password: ...`, `"token":"..."`, `?access_token=...`, `\"secret\":`).
 * Only the key and separator are matched: the value's end is found by `valueEnd`.
 */
const KEY_AND_SEPARATOR = /\\?["']?([A-Za-z_][A-Za-z0-9_-]*)\\?["']?[ \t]*[:=][ \t]*/g;

export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Whether `text` (digits, optionally grouped by spaces or dashes) is a card number. */
export function isCardNumber(text: string): boolean {
  const digits = text.replace(/[ -]/g, '');
  return /^[2-6]\d{12,18}$/.test(digits) && isLuhnValid(digits);
}

/**
 * Where a value written after a sensitive key ends: a quoted value at its closing quote (escaped
 * quotes skipped; `\"...\"` inside an encoded string too); a `{...}` or `[...]` value at its
 * matching bracket; an unquoted value at the end of the line or at `&` (the next query or form
 * parameter), or, after a quoted key (JSON-like text), at `,` `}` `]`. Values may hold spaces.
 */
function valueEnd(
  text: string,
  start: number,
  jsonLike: boolean,
): { from: number; to: number; quote: string } {
  const first = text[start];
  const line = lineEnd(text, start);
  if (first === '\\' && (text[start + 1] === '"' || text[start + 1] === "'")) {
    const quote = `\\${text[start + 1]}`;
    const close = text.indexOf(quote, start + 2);
    const to = close === -1 || close > line ? line : close;
    return { from: start + 2, to, quote: to === close ? quote : '' };
  }
  if (first === '"' || first === "'") {
    const close = closingQuote(text, start);
    return close === -1
      ? { from: start + 1, to: line, quote: '' }
      : { from: start + 1, to: close, quote: first };
  }
  if (first === '{' || first === '[') {
    const close = matchingBracket(text, start);
    return { from: start, to: close === -1 ? line : close + 1, quote: '' };
  }
  const stop = jsonLike ? /[\n\r&,}\]]/g : /[\n\r&]/g;
  stop.lastIndex = start;
  const found = stop.exec(text);
  return { from: start, to: found ? found.index : text.length, quote: '' };
}

/** The index of the quote closing the one at `start` on the same line, or -1. */
function closingQuote(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i;
    else if (c === '\n') return -1;
  }
  return -1;
}

/** The index of the bracket closing the one at `start` (strings skipped), or -1. */
function matchingBracket(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const close = closingQuote(text, i);
      if (close === -1) return -1;
      i = close;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** Values after sensitive keys: `password: correct horse battery staple` → `password: [REDACTED]`. */
function redactKeyedValues(text: string, isSensitiveKey: (key: string) => boolean): string {
  let out = '';
  let copied = 0;
  KEY_AND_SEPARATOR.lastIndex = 0;
  for (let m = KEY_AND_SEPARATOR.exec(text); m; m = KEY_AND_SEPARATOR.exec(text)) {
    if (!isSensitiveKey(m[1])) continue;
    const valueStart = m.index + m[0].length;
    const jsonLike = m[0][0] === '"' || m[0][0] === '\\';
    const { from, to, quote } = valueEnd(text, valueStart, jsonLike);
    if (to <= from) continue;
    out += `${text.slice(copied, from)}${REDACTED}`;
    copied = to;
    KEY_AND_SEPARATOR.lastIndex = quote ? to + quote.length : to;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * A JSON object written inside a message (`raw body {"password":"..."}`): the span from the
 * first `{"` to the last `}`, when it parses, redacted as data and written back.
 */
function redactEmbeddedJson(text: string, redactValue: (value: unknown) => unknown): string {
  const open = text.indexOf('{"');
  const close = text.lastIndexOf('}');
  if (open === -1 || close < open) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.slice(open, close + 1));
  } catch {
    return text;
  }
  return `${text.slice(0, open)}${JSON.stringify(redactValue(parsed))}${text.slice(close + 1)}`;
}

/** Every free-text pattern, each only when a cheap test says it may match. */
export function redactSecretPatterns(
  text: string,
  isSensitiveKey: (key: string) => boolean,
  redactValue: (value: unknown) => unknown,
): string {
  let out = text.includes('{"') ? redactEmbeddedJson(text, redactValue) : text;
  if (out.includes('-----BEGIN ')) out = out.replace(PEM, REDACTED);
  if (out.includes('eyJ')) out = out.replace(JWT, REDACTED);
  if (/bearer|basic|digest/i.test(out)) {
    out = out.replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`);
  }
  if (out.includes('://')) out = out.replace(URL_USER_INFO, `$1:${REDACTED}@`);
  if (out.includes('AKIA') || out.includes('ASIA')) out = out.replace(AWS_ACCESS_KEY_ID, REDACTED);
  if (/\d{4}/.test(out)) {
    out = out.replace(CARD_CANDIDATE, (match) => (isCardNumber(match) ? REDACTED : match));
  }
  if (out.includes(':') || out.includes('=')) out = redactKeyedValues(out, isSensitiveKey);
  return out;
}
