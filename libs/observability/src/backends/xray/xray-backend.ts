/**
 * The X-Ray backend: the ONE module of the repository that talks to Powertools Tracer and the
 * X-Ray SDK. Powertools sets the tracer up (enabled only in a Lambda environment, HTTPS capture,
 * ColdStart/Service annotations, AWS SDK v3 client capture); the X-Ray SDK's context namespace
 * gives every subsegment its own async context, so concurrent operations never clobber each
 * other's parent.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import {
  getNamespace,
  getSegment,
  Segment,
  setContextMissingStrategy,
  setSegment,
  Subsegment,
} from 'aws-xray-sdk-core';
import { formatTraceHeader } from '@traced-social/trace-model';
import type { TraceErrorInfo } from '../../conventions/errors';
import type { Redactor } from '../../conventions/redaction';
import type {
  InvocationOptions,
  RemoteParent,
  SpanAttributeValue,
  TraceSpan,
  TracingBackend,
} from '../tracing-backend';

type XRayNode = Segment | Subsegment;

/** The part of cls-hooked's Namespace used here (the SDK's typings leave it untyped). */
interface ContextNamespace {
  runAndReturn<T>(fn: () => T): T;
}

/** Fields the SDK's typings omit but its documents carry. */
interface XRayNodeFields {
  fault?: boolean;
  error?: boolean;
  http?: { response?: { status?: number } };
  facade?: boolean;
}

const INVALID_TRACE_ID = /^1-0{8}-0{24}$/;

class XRaySpan implements TraceSpan {
  private closed = false;

  constructor(
    private readonly node: XRayNode,
    private readonly namespace: string,
  ) {}

  get id(): string {
    return this.node.id;
  }

  annotate(key: string, value: SpanAttributeValue): void {
    this.node.addAnnotation(key, value);
  }

  addMetadata(key: string, value: unknown): void {
    this.node.addMetadata(key, value, this.namespace);
  }

  recordError(info: TraceErrorInfo): void {
    // A fresh Error carrying only redacted text: the SDK copies message and stack into `cause`.
    const error = new Error(info.message);
    error.name = info.type;
    error.stack = info.stack ?? `${info.type}: ${info.message}`;
    this.node.addError(error, false);
    if (info.kind === 'error') {
      const fields = this.node as XRayNode & XRayNodeFields;
      fields.fault = false;
      this.node.addErrorFlag();
    }
  }

  setHttpStatus(status: number): void {
    const fields = this.node as XRayNode & XRayNodeFields;
    fields.http = { ...fields.http, response: { ...fields.http?.response, status } };
    if (status === 429) this.node.addThrottleFlag();
    if (status >= 400 && status < 500) this.node.addErrorFlag();
    else if (status >= 500) this.node.addFaultFlag();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.node.close();
  }
}

export interface XRayBackendOptions {
  serviceName: string;
  captureHttps: boolean;
  /** The runtime's redactor, for the errors the SDK records by itself. */
  redactor: Redactor;
}

/** The SDK's error recording, as wrapped below. */
type AddError = (this: Subsegment, error: unknown, remote?: boolean) => void;
interface PatchableSubsegment {
  addError: AddError;
  tracedSocialRedactor?: Redactor;
}

/**
 * The X-Ray SDK records a captured AWS call's failure itself (`subsegment.close(error)` in its
 * AWS SDK v3 middleware): this copy of the SDK is made to record only a redacted copy of any
 * error (message and stack). It runs only when something fails, so a successful invocation pays
 * nothing. The same error always maps to the same copy, as the SDK compares errors by identity to
 * mark one that propagates up the tree.
 */
function redactErrorsTheSdkRecords(redactor: Redactor): void {
  const prototype = Subsegment.prototype as unknown as PatchableSubsegment;
  const alreadyWrapped = prototype.tracedSocialRedactor !== undefined;
  prototype.tracedSocialRedactor = redactor;
  if (alreadyWrapped) return;
  const addError = prototype.addError;
  const copies = new WeakMap<object, Error>();
  const redacted = (error: unknown): unknown => {
    const r = prototype.tracedSocialRedactor ?? redactor;
    if (typeof error === 'string') return r.redactString(error);
    if (typeof error !== 'object' || error === null) return error;
    let copy = copies.get(error);
    if (!copy) {
      const { message, name, stack } = error as {
        message?: unknown;
        name?: unknown;
        stack?: unknown;
      };
      copy = new Error(typeof message === 'string' ? r.redactString(message) : '');
      copy.name = typeof name === 'string' ? name : 'Error';
      copy.stack = typeof stack === 'string' ? r.redactString(stack) : undefined;
      copies.set(error, copy);
    }
    return copy;
  };
  prototype.addError = function (this: Subsegment, error: unknown, remote?: boolean): void {
    addError.call(this, redacted(error), remote);
  };
}

/** The X-Ray backend, or `undefined` when Powertools finds no Lambda environment to trace in. */
export function createXRayBackend(options: XRayBackendOptions): TracingBackend | undefined {
  const tracer = new Tracer({
    serviceName: options.serviceName,
    captureHTTPsRequests: options.captureHttps,
  });
  if (!tracer.isTracingEnabled()) return undefined;
  redactErrorsTheSdkRecords(options.redactor);
  // A missing context (code running outside an invocation) is logged by nobody and never throws.
  setContextMissingStrategy(() => undefined);
  const namespace = getNamespace() as unknown as ContextNamespace;
  const service = options.serviceName;

  const current = (): XRayNode | undefined => getSegment();
  const isFacade = (node: XRayNode): boolean => (node as XRayNode & XRayNodeFields).facade === true;

  const runChild = <T>(parent: XRayNode, name: string, fn: (span: TraceSpan) => T): T =>
    namespace.runAndReturn(() => {
      const child = parent.addNewSubsegment(name);
      setSegment(child);
      return fn(new XRaySpan(child, service));
    });

  return {
    name: 'xray',
    enabled: true,

    runInvocation<T>(name: string, opts: InvocationOptions, fn: (span?: TraceSpan) => T): T {
      const parent = current();
      if (!parent) return fn(undefined);
      return runChild(parent, name, (span) => {
        span.annotate('ColdStart', opts.coldStart);
        tracer.addServiceNameAnnotation();
        return fn(span);
      });
    },

    runInSpan<T>(name: string, fn: (span?: TraceSpan) => T): T {
      const parent = current();
      return parent ? runChild(parent, name, fn) : fn(undefined);
    },

    runInRemoteTrace<T>(name: string, remote: RemoteParent, fn: (span?: TraceSpan) => T): T {
      return namespace.runAndReturn(() => {
        const segment = new Segment(name, remote.traceId, remote.parentId);
        if (!remote.sampled) segment.notTraced = true;
        setSegment(segment);
        return fn(new XRaySpan(segment, service));
      });
    },

    currentSpan(): TraceSpan | undefined {
      const node = current();
      return node && !isFacade(node) ? new XRaySpan(node, service) : undefined;
    },

    currentTraceHeader(): string | undefined {
      const node = current();
      if (!node) return undefined;
      const root: Segment = 'segment' in node && node.segment ? node.segment : (node as Segment);
      if (!root.trace_id || INVALID_TRACE_ID.test(root.trace_id)) return undefined;
      return formatTraceHeader({
        root: root.trace_id,
        parent: node.id,
        sampled: !node.notTraced,
        extra: [],
      });
    },

    captureAwsClient<T>(client: T): T {
      return tracer.captureAWSv3Client(client as Parameters<Tracer['captureAWSv3Client']>[0]) as T;
    },

    // The X-Ray SDK sends each closed (sub)segment at once over UDP: nothing is buffered.
    flush: () => Promise.resolve(),
  };
}
