import type { SegmentDocument } from './segment-document';

/**
 * The X-Ray daemon's UDP protocol: each datagram is a JSON header line, a newline, then one
 * segment document. SDKs write the header with or without spaces, so it is parsed, not matched.
 */
export const DAEMON_HEADER = '{"format":"json","version":1}';

export function encodeDaemonDatagram(document: SegmentDocument): Buffer {
  return Buffer.from(`${DAEMON_HEADER}\n${JSON.stringify(document)}`, 'utf8');
}

export type DatagramParseResult =
  { ok: true; document: SegmentDocument; bytes: number } | { ok: false; error: string };

export function parseDaemonDatagram(datagram: Buffer | string): DatagramParseResult {
  const text = typeof datagram === 'string' ? datagram : datagram.toString('utf8');
  const newline = text.indexOf('\n');
  if (newline < 0) return { ok: false, error: 'missing newline after the header' };
  let header: unknown;
  try {
    header = JSON.parse(text.slice(0, newline));
  } catch {
    return { ok: false, error: 'header is not JSON' };
  }
  const { format, version } = (header ?? {}) as { format?: unknown; version?: unknown };
  if (format !== 'json' || version !== 1) {
    return { ok: false, error: 'header must be {"format":"json","version":1}' };
  }
  const body = text.slice(newline + 1);
  try {
    const document = JSON.parse(body) as SegmentDocument;
    return { ok: true, document, bytes: Buffer.byteLength(body, 'utf8') };
  } catch {
    return { ok: false, error: 'segment document is not JSON' };
  }
}
