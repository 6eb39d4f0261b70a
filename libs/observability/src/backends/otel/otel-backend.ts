/**
 * The OpenTelemetry backend: with `xray-backend.ts`, the only module of the repository that talks
 * to a tracing SDK (here `@opentelemetry/*`). Spans carry X-Ray ids (`XRayIdGenerator`), the
 * invocation's `_X_AMZN_TRACE_ID` is the handler span's parent (AWS X-Ray propagator), and spans
 * are written so X-Ray's mapping of OTLP data yields the documents the X-Ray backend writes.
 * Spans are OpenTelemetry `ReadableSpan`s made here (`OtelSpan`, decision 1951), sampled as the
 * SDK's `ParentBased(AlwaysOn)` sampler decides, kept in this backend's own `AsyncLocalStorage`,
 * and exported by the SDK's exporter interface (daemon datagrams or OTLP/HTTP). Nothing is
 * registered globally, so two copies of it (two functions in one test process) never share state.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  trace,
  type SpanContext,
} from '@opentelemetry/api';
import { AWSXRayPropagator, AWSXRAY_TRACE_ID_HEADER } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { describeError } from '../../conventions/errors';
import type { Redactor } from '../../conventions/redaction';
import type {
  InvocationOptions,
  RemoteParent,
  TraceSpan,
  TracingBackend,
} from '../tracing-backend';
import { AWS_LOCAL_SERVICE } from '../../otlp/xray-attributes';
import { captureAwsClient } from './aws-client-capture';
import { createSpanExporter, type OtelExportOptions } from './exporter';
import { InvocationSpanProcessor } from './invocation-span-processor';
import { OtelSpan, type SpanSink } from './otel-span';
import { XRayIdGenerator } from './xray-id-generator';

export interface OtelBackendOptions {
  serviceName: string;
  /** Where and how spans are exported (OTLP/HTTP), and the bound on the flush. */
  export: OtelExportOptions;
  /** The runtime's redactor, for errors of AWS calls recorded here. */
  redactor: Redactor;
  env?: NodeJS.ProcessEnv;
}

const SCOPE = { name: '@traced-social/observability' };
/** Every write to it is ignored, so one serves every untraced AWS call. */
const NON_RECORDING = OtelSpan.nonRecording(INVALID_SPAN_CONTEXT);

/** The OpenTelemetry backend, or `undefined` outside a Lambda environment (as the X-Ray backend). */
export function createOtelBackend(options: OtelBackendOptions): TracingBackend | undefined {
  const env = options.env ?? process.env;
  if (!env.AWS_EXECUTION_ENV) return undefined;
  const service = options.serviceName;
  // Exports happen at the flush that ends each invocation, not on a timer while frozen.
  const processor = new InvocationSpanProcessor(createSpanExporter(options.export));
  const sink: SpanSink = {
    resource: resourceFromAttributes({
      'service.name': service,
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      ...(env.AWS_REGION ? { 'cloud.region': env.AWS_REGION } : {}),
      ...(env.AWS_LAMBDA_FUNCTION_NAME ? { 'faas.name': env.AWS_LAMBDA_FUNCTION_NAME } : {}),
    }),
    scope: SCOPE,
    metadataNamespace: service,
    onEnd: (span) => processor.onEnd(span),
  };
  const ids = new XRayIdGenerator();
  const context = new AsyncLocalStorage<OtelSpan>();
  const propagator = new AWSXRayPropagator();
  const { redactor } = options;

  const current = (): OtelSpan | undefined => context.getStore();

  /**
   * A span under `parent`, sampled as `ParentBased(AlwaysOn)` decides: as its parent is, or, with
   * no valid parent, a new sampled trace. `undefined` when it is not sampled (nothing recorded).
   */
  const startSpan = (
    name: string,
    parent: SpanContext | undefined,
    kind: SpanKind,
  ): OtelSpan | undefined => {
    const valid = parent !== undefined && isSpanContextValid(parent);
    if (valid && (parent.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
    const spanContext: SpanContext = {
      traceId: valid ? parent.traceId : ids.generateTraceId(),
      spanId: ids.generateSpanId(),
      traceFlags: TraceFlags.SAMPLED,
      ...(valid && parent.traceState ? { traceState: parent.traceState } : {}),
    };
    return new OtelSpan(name, kind, spanContext, valid ? parent : undefined, sink);
  };

  const runChild = <T>(name: string, kind: SpanKind, fn: (span?: TraceSpan) => T): T => {
    const parent = current();
    if (!parent) return fn(undefined);
    const span = startSpan(name, parent.spanContext(), kind);
    return span ? context.run(span, fn, span) : fn(undefined);
  };

  const boundedFlush = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    // Bounded: past the bound the invocation returns; unsent spans stay queued for the next flush.
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.export.flushTimeoutMs);
    });
    try {
      await Promise.race([processor.forceFlush().catch(() => undefined), bound]);
    } finally {
      clearTimeout(timer);
    }
  };

  // The daemon export hands its datagrams to the kernel within the flush: there is nothing to wait
  // for, so no timer to race it against.
  const flush = options.export.xrayDaemon
    ? (): Promise<void> => processor.forceFlush().catch(() => undefined)
    : boundedFlush;

  return {
    name: 'otel',
    enabled: true,

    runInvocation<T>(name: string, opts: InvocationOptions, fn: (span?: TraceSpan) => T): T {
      const parent = trace.getSpanContext(
        propagator.extract(
          ROOT_CONTEXT,
          { [AWSXRAY_TRACE_ID_HEADER]: env._X_AMZN_TRACE_ID },
          defaultTextMapGetter,
        ),
      );
      if (!parent) return fn(undefined);
      const span = startSpan(name, parent, SpanKind.INTERNAL);
      if (!span) return fn(undefined);
      // Powertools' convention, as the X-Ray backend writes it.
      span.annotate('ColdStart', opts.coldStart);
      span.annotate('Service', service);
      return context.run(span, fn, span);
    },

    runInSpan: <T>(name: string, fn: (span?: TraceSpan) => T): T =>
      runChild(name, SpanKind.INTERNAL, fn),

    runInRemoteTrace<T>(name: string, remote: RemoteParent, fn: (span?: TraceSpan) => T): T {
      const span = startSpan(
        name,
        {
          traceId: remote.traceId.replace(/^1-|-/g, ''),
          spanId: remote.parentId,
          traceFlags: remote.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
          isRemote: true,
        },
        SpanKind.SERVER,
      );
      if (!span) return fn(undefined);
      // A server span named by `aws.local.service` is what X-Ray maps to a segment of that name.
      span.setAttribute(AWS_LOCAL_SERVICE, name);
      return context.run(span, fn, span);
    },

    currentSpan: current,

    currentTraceHeader(): string | undefined {
      const span = current();
      if (!span) return undefined;
      const carrier: Record<string, string> = {};
      propagator.inject(
        trace.setSpanContext(ROOT_CONTEXT, span.spanContext()),
        carrier,
        defaultTextMapSetter,
      );
      return carrier[AWSXRAY_TRACE_ID_HEADER];
    },

    captureAwsClient<T>(client: T): T {
      return captureAwsClient(
        client,
        (name, attributes) => {
          // As with the X-Ray SDK, a call outside any traced operation is not traced: it runs
          // under a span that records nothing.
          const parent = current();
          const span = parent && startSpan(name, parent.spanContext(), SpanKind.CLIENT);
          if (!span) return NON_RECORDING;
          span.setAttributes(attributes);
          return span;
        },
        (span, fn) => (span.isRecording() ? context.run(span, fn) : fn()),
        (span, error) => span.recordError(describeError(error, redactor)),
      );
    },

    flush,
  };
}
