import { invalidRequest } from '../http-api';
import { xrayAction } from '../xray-action';

/** X-Ray PutTraceSegments: `TraceSegmentDocuments` is a list of JSON strings, one per document. */
export const putTraceSegmentsRoute = xrayAction('/TraceSegments', (body, { ingestor }) => {
  const documents = body.TraceSegmentDocuments;
  if (!Array.isArray(documents)) {
    throw invalidRequest('TraceSegmentDocuments must be a list of strings');
  }
  const unprocessed: Array<{ Id?: string; ErrorCode: string; Message: string }> = [];
  for (const entry of documents) {
    const text = typeof entry === 'string' ? entry : JSON.stringify(entry);
    const result = ingestor.ingestJson(text, 'http');
    if (result.ok) continue;
    const notJson = result.errors.includes('segment document is not JSON');
    unprocessed.push({
      ...idOf(text),
      ErrorCode: notJson ? 'ParseError' : 'InvalidSegment',
      Message: result.errors.join('; '),
    });
  }
  return { UnprocessedTraceSegments: unprocessed };
});

function idOf(text: string): { Id?: string } {
  try {
    const id = (JSON.parse(text) as { id?: unknown }).id;
    return typeof id === 'string' ? { Id: id } : {};
  } catch {
    return {};
  }
}
