/**
 * The OTLP/HTTP trace request (`ExportTraceServiceRequest`) in its JSON mapping, limited to the
 * fields the X-Ray mapping reads. Ids are hex strings; 64-bit integers may arrive as strings.
 * The collector turns a protobuf body into this same shape before mapping it.
 */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano?: number | string;
  name: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpStatus {
  /** 0 unset, 1 ok, 2 error. */
  code?: number;
  message?: string;
}

export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  /** 1 internal, 2 server, 3 client, 4 producer, 5 consumer (0: unspecified). */
  kind?: number;
  startTimeUnixNano: number | string;
  endTimeUnixNano?: number | string;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  status?: OtlpStatus;
}

export interface OtlpScopeSpans {
  scope?: { name?: string; version?: string };
  spans?: OtlpSpan[];
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
}

export interface OtlpTraceRequest {
  resourceSpans?: OtlpResourceSpans[];
}

export const SPAN_KIND = {
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;

export const STATUS_CODE = { UNSET: 0, OK: 1, ERROR: 2 } as const;
