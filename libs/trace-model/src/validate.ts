import {
  MAX_SEGMENT_DOCUMENT_BYTES,
  SEGMENT_ID_PATTERN,
  TRACE_ID_PATTERN,
  type SegmentDocument,
} from './segment-document';

/**
 * Checks a top-level segment document (a segment, or an independent subsegment) against the rules
 * X-Ray applies on ingest. Returns the problems found; an empty list means the document is valid.
 */
export function validateSegmentDocument(doc: unknown, bytes?: number): string[] {
  const errors: string[] = [];
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['not a JSON object'];
  const d = doc as Partial<SegmentDocument>;
  if (bytes !== undefined && bytes > MAX_SEGMENT_DOCUMENT_BYTES) {
    errors.push(`document is ${bytes} bytes, over the ${MAX_SEGMENT_DOCUMENT_BYTES} byte limit`);
  }
  if (typeof d.trace_id !== 'string' || !TRACE_ID_PATTERN.test(d.trace_id)) {
    errors.push('trace_id must look like 1-<8 hex>-<24 hex>');
  }
  checkEntity(d, '', errors, true);
  if (
    d.type === 'subsegment' &&
    (typeof d.parent_id !== 'string' || !SEGMENT_ID_PATTERN.test(d.parent_id))
  ) {
    errors.push('an independent subsegment needs a 16-hex parent_id');
  }
  if (
    d.type !== 'subsegment' &&
    d.parent_id !== undefined &&
    !SEGMENT_ID_PATTERN.test(String(d.parent_id))
  ) {
    errors.push('parent_id must be 16 hex digits');
  }
  return errors;
}

function checkEntity(
  d: Partial<SegmentDocument>,
  path: string,
  errors: string[],
  top: boolean,
): void {
  const where = path ? `${path}: ` : '';
  if (typeof d.id !== 'string' || !SEGMENT_ID_PATTERN.test(d.id))
    errors.push(`${where}id must be 16 hex digits`);
  if (typeof d.name !== 'string' || d.name.length === 0 || d.name.length > 200) {
    errors.push(`${where}name must be a string of 1 to 200 characters`);
  }
  if (typeof d.start_time !== 'number' || !Number.isFinite(d.start_time) || d.start_time <= 0) {
    errors.push(`${where}start_time must be a positive number of epoch seconds`);
  }
  if (d.in_progress !== true) {
    if (typeof d.end_time !== 'number' || !Number.isFinite(d.end_time)) {
      errors.push(`${where}end_time is required unless in_progress is true`);
    } else if (typeof d.start_time === 'number' && d.end_time < d.start_time) {
      errors.push(`${where}end_time is before start_time`);
    }
  }
  if (!top && d.subsegments === undefined && d.type !== undefined && d.type !== 'subsegment') {
    errors.push(`${where}type must be "subsegment"`);
  }
  if (d.subsegments !== undefined) {
    if (!Array.isArray(d.subsegments)) errors.push(`${where}subsegments must be an array`);
    else d.subsegments.forEach((s, i) => checkEntity(s, `${path}subsegments[${i}]`, errors, false));
  }
}
