import { parse, type Type } from 'protobufjs';
import type { OtlpTraceRequest } from '@traced-social/observability/otlp';
import { OTLP_TRACE_PROTO } from './otlp-trace-proto';

export type OtlpEncoding = 'json' | 'protobuf';

/** A body that is not an OTLP trace request. */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}

let types: { request: Type; response: Type } | undefined;
function protoTypes(): { request: Type; response: Type } {
  if (!types) {
    const { root } = parse(OTLP_TRACE_PROTO);
    types = {
      request: root.lookupType('otlp.ExportTraceServiceRequest'),
      response: root.lookupType('otlp.ExportTraceServiceResponse'),
    };
  }
  return types;
}

/** The encoding a Content-Type names, or `undefined` for one OTLP/HTTP does not define. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/json') return 'json';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  return undefined;
}

/** An OTLP/HTTP trace request body → its JSON mapping (hex ids, integers as strings). */
export function decodeOtlpTraceRequest(body: Buffer, encoding: OtlpEncoding): OtlpTraceRequest {
  if (encoding === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      throw new OtlpDecodeError('the body is not JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new OtlpDecodeError('the body must be an ExportTraceServiceRequest object');
    }
    return parsed as OtlpTraceRequest;
  }
  const { request } = protoTypes();
  let decoded;
  try {
    decoded = request.decode(body);
  } catch (error) {
    throw new OtlpDecodeError(
      `the body is not an ExportTraceServiceRequest: ${(error as Error).message}`,
    );
  }
  const plain = request.toObject(decoded, { longs: String, bytes: String, arrays: true });
  return withHexIds(plain as OtlpTraceRequest);
}

/** An ExportTraceServiceResponse in the request's encoding (partial success when spans were refused). */
export function encodeOtlpTraceResponse(
  encoding: OtlpEncoding,
  rejectedSpans: number,
  errorMessage: string,
): { contentType: string; body: string | Buffer } {
  const partialSuccess = rejectedSpans > 0 ? { rejectedSpans, errorMessage } : undefined;
  if (encoding === 'json') {
    return {
      contentType: 'application/json',
      body: JSON.stringify(partialSuccess ? { partialSuccess } : {}),
    };
  }
  const { response } = protoTypes();
  const message = response.fromObject(partialSuccess ? { partialSuccess } : {});
  return {
    contentType: 'application/x-protobuf',
    body: Buffer.from(response.encode(message).finish()),
  };
}

/** Protobuf ids are bytes (base64 after toObject); the JSON mapping writes them in hex. */
function withHexIds(request: OtlpTraceRequest): OtlpTraceRequest {
  const hex = (base64: string | undefined): string =>
    base64 ? Buffer.from(base64, 'base64').toString('hex') : '';
  for (const resourceSpans of request.resourceSpans ?? []) {
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        span.traceId = hex(span.traceId);
        span.spanId = hex(span.spanId);
        span.parentSpanId = hex(span.parentSpanId);
      }
    }
  }
  return request;
}
