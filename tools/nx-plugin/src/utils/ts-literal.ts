/**
 * A value written as TypeScript source: single-quoted strings, bare keys where they are
 * identifiers. The top-level object is written one property per line, nested ones on one line
 * (as prettier keeps them), for the object literals the generators insert into manifests.
 */
export function toTsLiteral(value: unknown, indent = '', multiline = true): string {
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value))
    return `[${value.map((item) => toTsLiteral(item, '', false)).join(', ')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([key, v]) => {
        const name = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : toTsLiteral(key);
        return `${name}: ${toTsLiteral(v, '', false)}`;
      });
    if (entries.length === 0) return '{}';
    if (!multiline) return `{ ${entries.join(', ')} }`;
    return `{\n${entries.map((entry) => `${indent}  ${entry},`).join('\n')}\n${indent}}`;
  }
  throw new Error(`Cannot write ${String(value)} as a TypeScript literal`);
}
