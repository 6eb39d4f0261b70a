import { ApiError, invalidRequest } from '../http-api';
import type { CollectorRoute } from '../context';
import {
  OtlpDecodeError,
  encodeOtlpTraceResponse,
  otlpEncodingOf,
} from '../../ingest/otlp/otlp-decoder';
import { ingestOtlpTraces } from '../../ingest/otlp/otlp-ingest';

/**
 * OTLP/HTTP trace export (`POST /v1/traces`), JSON or protobuf, answered in the request's
 * encoding: 200 with a partial success naming refused spans, 400 for a body that is not a trace
 * request, 415 for another content type.
 */
export const otlpTracesRoute: CollectorRoute = {
  method: 'POST',
  path: '/v1/traces',
  handle(request, { ingestor }) {
    const encoding = otlpEncodingOf(request.headers['content-type']);
    if (!encoding) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        'OTLP/HTTP takes application/json or application/x-protobuf',
      );
    }
    try {
      const result = ingestOtlpTraces(ingestor, request.body, encoding);
      const answer = encodeOtlpTraceResponse(encoding, result.rejected, result.errors.join('; '));
      return { status: 200, headers: { 'content-type': answer.contentType }, body: answer.body };
    } catch (error) {
      if (error instanceof OtlpDecodeError) {
        throw invalidRequest(`OTLP: ${error.message}`);
      }
      throw error;
    }
  },
};
