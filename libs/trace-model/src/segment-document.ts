/**
 * The X-Ray segment document, as AWS documents it ("AWS X-Ray segment documents"), limited to the
 * fields this product reads or writes. Segments and subsegments share one shape; an independent
 * subsegment (sent on its own) has `type: 'subsegment'`, `trace_id` and `parent_id`.
 */
export type AnnotationValue = string | number | boolean;

export interface HttpRequestInfo {
  method?: string;
  url?: string;
  user_agent?: string;
  client_ip?: string;
  x_forwarded_for?: boolean;
  traced?: boolean;
}

export interface HttpResponseInfo {
  status?: number;
  content_length?: number;
}

export interface HttpInfo {
  request?: HttpRequestInfo;
  response?: HttpResponseInfo;
}

export interface ExceptionInfo {
  id?: string;
  message?: string;
  type?: string;
  remote?: boolean;
  truncated?: number;
  skipped?: number;
  cause?: string;
  stack?: Array<{ path?: string; line?: number; label?: string }>;
}

export interface CauseInfo {
  working_directory?: string;
  paths?: string[];
  exceptions?: ExceptionInfo[];
}

export interface SegmentDocument {
  id: string;
  name: string;
  trace_id?: string;
  parent_id?: string;
  start_time: number;
  end_time?: number;
  in_progress?: boolean;
  type?: 'subsegment';
  namespace?: 'aws' | 'remote' | string;
  origin?: string;
  user?: string;
  service?: { version?: string; [key: string]: unknown };
  http?: HttpInfo;
  aws?: Record<string, unknown>;
  error?: boolean;
  throttle?: boolean;
  fault?: boolean;
  /** A cause object, or (X-Ray allows it) the 16-hex id of an exception recorded elsewhere. */
  cause?: CauseInfo | string;
  annotations?: Record<string, AnnotationValue>;
  metadata?: Record<string, Record<string, unknown>>;
  subsegments?: SegmentDocument[];
  precursor_ids?: string[];
  sql?: Record<string, unknown>;
}

/** X-Ray rejects documents over 64 KB. */
export const MAX_SEGMENT_DOCUMENT_BYTES = 64 * 1024;

export const TRACE_ID_PATTERN = /^1-[0-9a-f]{8}-[0-9a-f]{24}$/;
export const SEGMENT_ID_PATTERN = /^[0-9a-f]{16}$/;
/** Annotation keys X-Ray indexes: letters, digits and underscore only. */
export const ANNOTATION_KEY_PATTERN = /^[A-Za-z0-9_]+$/;
/**
 * This product's `operationType` annotation values: UPPER_SNAKE (`CREATE_POST`). One pattern for
 * the manifest (`defineApp`) and the wrapper (`withTracing`); the X-Ray groups filter on them.
 */
export const OPERATION_TYPE_PATTERN = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/;
