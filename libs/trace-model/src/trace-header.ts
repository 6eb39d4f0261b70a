/**
 * The X-Ray trace header (`X-Amzn-Trace-Id`, and Lambda's `_X_AMZN_TRACE_ID`):
 * `Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1`.
 */
export interface TraceHeader {
  root: string;
  parent?: string;
  /** `true` for Sampled=1, `false` for Sampled=0, `undefined` when the caller left it to us. */
  sampled?: boolean;
  /** Any other key=value pairs (Lineage, Self, ...), kept in order. */
  extra: Array<[string, string]>;
}

export function parseTraceHeader(header: string | undefined | null): TraceHeader | undefined {
  if (!header) return undefined;
  let root: string | undefined;
  let parent: string | undefined;
  let sampled: boolean | undefined;
  const extra: Array<[string, string]> = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'Root') root = value;
    else if (key === 'Parent') parent = value;
    else if (key === 'Sampled') sampled = value === '1' ? true : value === '0' ? false : undefined;
    else extra.push([key, value]);
  }
  if (!root) return undefined;
  return { root, parent, sampled, extra };
}

export function formatTraceHeader(header: TraceHeader): string {
  const parts = [`Root=${header.root}`];
  if (header.parent) parts.push(`Parent=${header.parent}`);
  if (header.sampled !== undefined) parts.push(`Sampled=${header.sampled ? '1' : '0'}`);
  for (const [key, value] of header.extra) parts.push(`${key}=${value}`);
  return parts.join(';');
}
