/**
 * X-Ray's sampling-rule wildcards: `*` matches any run of characters (none included), `?` exactly
 * one; everything else literally, case-insensitively (as the X-Ray SDKs' `wildcardMatch`).
 * Patterns are compiled once to a regular expression and cached: the same few rules are matched
 * against every request.
 */
const compiled = new Map<string, RegExp | true>();

export function wildcardMatch(pattern: string, text: string): boolean {
  let matcher = compiled.get(pattern);
  if (matcher === undefined) {
    matcher = compile(pattern);
    compiled.set(pattern, matcher);
  }
  return matcher === true || matcher.test(text);
}

function compile(pattern: string): RegExp | true {
  if (/^\*+$/.test(pattern)) return true;
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'is');
}
