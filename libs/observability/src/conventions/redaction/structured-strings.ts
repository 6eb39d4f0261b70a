/**
 * Strings that hold data: a JSON document (a raw request body), a form-encoded body, a URL with a
 * query. They are parsed, redacted by key like any object, and written back, so a secret under any
 * sensitive key goes whatever the string's layout (spaces, quotes, escapes, nesting).
 */
import { REDACTED } from './marker';

export interface StructuredRedaction {
  isSensitiveKey(key: string): boolean;
  /** Redacts parsed data (objects, arrays, strings) by the same rules. */
  redactValue(value: unknown): unknown;
  /** Redacts one free-text value (a form or query value). */
  redactText(text: string): string;
}

const FORM = /^[^\s=&?#/]+=[^\s&]*(?:&[^\s=&]+(?:=[^\s&]*)?)*$/;
const URL_WITH_QUERY = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)[^\s?#]*[?#][^\s]*$/i;

/** The string redacted as JSON, a form, or a URL; `undefined` when it is none of them. */
export function redactStructuredString(
  text: string,
  rules: StructuredRedaction,
): string | undefined {
  const first = text.charCodeAt(0);
  // `{`, `[`, or leading whitespace: maybe JSON.
  if (first === 123 || first === 91 || first <= 32) {
    const json = redactJson(text, rules);
    if (json !== undefined) return json;
  }
  if (text.includes('=')) {
    if (URL_WITH_QUERY.test(text)) return redactUrlText(text, rules);
    if (FORM.test(text)) return redactFormText(text, rules);
  }
  return undefined;
}

function redactJson(text: string, rules: StructuredRedaction): string | undefined {
  const trimmed = text.trim();
  const open = trimmed[0];
  const close = trimmed[trimmed.length - 1];
  if (!((open === '{' && close === '}') || (open === '[' && close === ']'))) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  return JSON.stringify(rules.redactValue(parsed));
}

/** `a=1&password=x+y` → `a=1&password=[REDACTED]`: keys decoded before they are judged. */
export function redactFormText(text: string, rules: StructuredRedaction): string {
  return text
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq === -1) return pair;
      const key = decodeFormPart(pair.slice(0, eq));
      if (rules.isSensitiveKey(key)) return `${pair.slice(0, eq)}=${REDACTED}`;
      const value = decodeFormPart(pair.slice(eq + 1));
      const redacted = rules.redactText(value);
      return redacted === value ? pair : `${pair.slice(0, eq)}=${encodeURIComponent(redacted)}`;
    })
    .join('&');
}

/**
 * A URL with its user info password, sensitive query parameters and fragment parameters
 * (`#access_token=...`, OAuth's implicit flow) redacted; path and other parameters kept as written.
 */
export function redactUrlText(url: string, rules: StructuredRedaction): string {
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash + 1);
  const question = beforeHash.indexOf('?');
  const base = question === -1 ? beforeHash : beforeHash.slice(0, question);
  const query = question === -1 ? undefined : beforeHash.slice(question + 1);
  return (
    base.replace(/^([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@]+):[^\s@/?#]+@/i, `$1:${REDACTED}@`) +
    (query === undefined ? '' : `?${redactFormText(query, rules)}`) +
    (hash === -1 ? '' : `#${fragment.includes('=') ? redactFormText(fragment, rules) : fragment}`)
  );
}

function decodeFormPart(part: string): string {
  try {
    return decodeURIComponent(part.replace(/\+/g, ' '));
  } catch {
    return part;
  }
}
