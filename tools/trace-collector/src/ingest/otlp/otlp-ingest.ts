import { spansToSegmentDocuments } from '@traced-social/observability/otlp';
import type { Ingestor } from '../ingestor';
import { decodeOtlpTraceRequest, type OtlpEncoding } from './otlp-decoder';

export interface OtlpIngestResult {
  accepted: number;
  rejected: number;
  /** Why spans were refused (first few), for the partial-success answer. */
  errors: string[];
}

const MAX_REPORTED_ERRORS = 5;

/**
 * OTLP/HTTP ingestion: the request's spans become segment documents exactly as X-Ray maps
 * OpenTelemetry data, then go through the same door as every other path (validate, count,
 * store), so the viewer, `npm run traces` and the X-Ray API show them like X-Ray SDK segments.
 * A span that cannot be mapped or validated is counted and reported; the others are kept.
 */
export function ingestOtlpTraces(
  ingestor: Ingestor,
  body: Buffer,
  encoding: OtlpEncoding,
): OtlpIngestResult {
  const request = decodeOtlpTraceRequest(body, encoding);
  const { documents, rejected } = spansToSegmentDocuments(request);
  const errors = rejected.map((r) => `span ${r.spanId ?? '?'}: ${r.error}`);
  let accepted = 0;
  for (const document of documents) {
    const result = ingestor.ingestDocument(document, 'otlp');
    if (result.ok) accepted += 1;
    else errors.push(`span ${document.id}: ${result.errors.join('; ')}`);
  }
  return {
    accepted,
    rejected: rejected.length + documents.length - accepted,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
  };
}
