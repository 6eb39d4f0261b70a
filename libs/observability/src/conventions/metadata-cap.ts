/**
 * Metadata size cap. A segment document over 64 KB is rejected by X-Ray, so each metadata value is
 * serialised and, past the cap, replaced by a visible marker with a preview of its start.
 */
export const DEFAULT_METADATA_MAX_BYTES = 4096;
export const TRUNCATED_MARKER = '…[TRUNCATED]';

export interface TruncatedMetadata {
  truncated: true;
  originalBytes: number;
  preview: string;
}

export function capMetadataValue(value: unknown, maxBytes: number): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    return {
      truncated: true,
      originalBytes: 0,
      preview: `[unserialisable value]${TRUNCATED_MARKER}`,
    };
  }
  if (json === undefined) return value;
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes <= maxBytes) return value;
  // Leave room for the wrapper object around the preview.
  const room = Math.max(0, maxBytes - 128);
  const preview = Buffer.from(json, 'utf8')
    .subarray(0, room)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
  const result: TruncatedMetadata = {
    truncated: true,
    originalBytes: bytes,
    preview: `${preview}${TRUNCATED_MARKER}`,
  };
  return result;
}

/** Annotation strings are kept short: they are indexed, not read. */
export const MAX_ANNOTATION_STRING_LENGTH = 250;

export function capAnnotationString(value: string): string {
  return value.length <= MAX_ANNOTATION_STRING_LENGTH
    ? value
    : `${value.slice(0, MAX_ANNOTATION_STRING_LENGTH - TRUNCATED_MARKER.length)}${TRUNCATED_MARKER}`;
}
