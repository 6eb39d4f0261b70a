/**
 * The OpenTelemetry backend: with `xray-backend.ts`, the only module of the repository that talks
 * to a tracing SDK (here `@opentelemetry/*`). Spans carry X-Ray ids (`XRayIdGenerator`), the
 * invocation's `_X_AMZN_TRACE_ID` is the handler span's parent (AWS X-Ray propagator), and spans
 * are written so X-Ray's mapping of OTLP data yields the documents the X-Ray backend writes.
 * Nothing is registered globally: the provider, context manager and propagator are this
 * backend's own, so two copies of it (two functions in one test process) never share state.
 */
import {
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  createContextKey,
  defaultTextMapGetter,
  defaultTextMapSetter,
  trace,
  type Context,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AWSXRayPropagator, AWSXRAY_TRACE_ID_HEADER } from '@opentelemetry/propagator-aws-xray';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOnSampler, ParentBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';
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
import { OtelSpan } from './otel-span';
import { XRayIdGenerator } from './xray-id-generator';

export interface OtelBackendOptions {
  serviceName: string;
  /** Where and how spans are exported (OTLP/HTTP), and the bound on the flush. */
  export: OtelExportOptions;
  /** The runtime's redactor, for errors of AWS calls recorded here. */
  redactor: Redactor;
  env?: NodeJS.ProcessEnv;
}

const SPAN_KEY = createContextKey('traced-social.observability.span');
const SCOPE = '@traced-social/observability';

/** The OpenTelemetry backend, or `undefined` outside a Lambda environment (as the X-Ray backend). */
export function createOtelBackend(options: OtelBackendOptions): TracingBackend | undefined {
  const env = options.env ?? process.env;
  if (!env.AWS_EXECUTION_ENV) return undefined;
  const service = options.serviceName;
  // Exports happen at the flush that ends each invocation, not on a timer while frozen.
  const processor = new InvocationSpanProcessor(createSpanExporter(options.export));
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      ...(env.AWS_REGION ? { 'cloud.region': env.AWS_REGION } : {}),
      ...(env.AWS_LAMBDA_FUNCTION_NAME ? { 'faas.name': env.AWS_LAMBDA_FUNCTION_NAME } : {}),
    }),
    idGenerator: new XRayIdGenerator(),
    sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
    spanProcessors: [processor],
  });
  const tracer = provider.getTracer(SCOPE);
  const contextManager = new AsyncLocalStorageContextManager().enable();
  const propagator = new AWSXRayPropagator();
  const { redactor } = options;

  const current = (): OtelSpan | undefined =>
    contextManager.active().getValue(SPAN_KEY) as OtelSpan | undefined;

  const startSpan = (
    name: string,
    parent: Context,
    kind: SpanKind,
    attributes?: Record<string, string>,
  ): { span: OtelSpan; context: Context } | undefined => {
    // Attributes set on the started span, not passed to `startSpan`: the SDK would sanitise them
    // twice (before and after sampling, which reads none here) and then set each one anyway.
    const span = tracer.startSpan(name, { kind }, parent);
    if (!span.isRecording()) return undefined;
    if (attributes) span.setAttributes(attributes);
    const wrapped = new OtelSpan(span, service);
    return { span: wrapped, context: trace.setSpan(parent, span).setValue(SPAN_KEY, wrapped) };
  };

  const runChild = <T>(name: string, kind: SpanKind, fn: (span?: TraceSpan) => T): T => {
    const parent = current();
    if (!parent) return fn(undefined);
    const parentContext = contextManager.active();
    const started = startSpan(name, parentContext, kind);
    return started ? contextManager.with(started.context, () => fn(started.span)) : fn(undefined);
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
      const parent = propagator.extract(
        ROOT_CONTEXT,
        { [AWSXRAY_TRACE_ID_HEADER]: env._X_AMZN_TRACE_ID },
        defaultTextMapGetter,
      );
      if (!trace.getSpanContext(parent)) return fn(undefined);
      const started = startSpan(name, parent, SpanKind.INTERNAL);
      if (!started) return fn(undefined);
      // Powertools' convention, as the X-Ray backend writes it.
      started.span.annotate('ColdStart', opts.coldStart);
      started.span.annotate('Service', service);
      return contextManager.with(started.context, () => fn(started.span));
    },

    runInSpan: <T>(name: string, fn: (span?: TraceSpan) => T): T =>
      runChild(name, SpanKind.INTERNAL, fn),

    runInRemoteTrace<T>(name: string, remote: RemoteParent, fn: (span?: TraceSpan) => T): T {
      const parent = trace.setSpanContext(ROOT_CONTEXT, {
        traceId: remote.traceId.replace(/^1-|-/g, ''),
        spanId: remote.parentId,
        traceFlags: remote.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
        isRemote: true,
      });
      // A server span named by `aws.local.service` is what X-Ray maps to a segment of that name.
      const started = startSpan(name, parent, SpanKind.SERVER, { [AWS_LOCAL_SERVICE]: name });
      return started ? contextManager.with(started.context, () => fn(started.span)) : fn(undefined);
    },

    currentSpan: current,

    currentTraceHeader(): string | undefined {
      if (!current()) return undefined;
      const carrier: Record<string, string> = {};
      propagator.inject(contextManager.active(), carrier, defaultTextMapSetter);
      return carrier[AWSXRAY_TRACE_ID_HEADER];
    },

    captureAwsClient<T>(client: T): T {
      return captureAwsClient(
        client,
        (name, attributes) => {
          // As with the X-Ray SDK, a call outside any traced operation is not traced: it runs
          // under a span that records nothing.
          const started = current()
            ? startSpan(name, contextManager.active(), SpanKind.CLIENT, attributes)
            : undefined;
          return (
            started?.span ?? new OtelSpan(trace.wrapSpanContext(INVALID_SPAN_CONTEXT), service)
          );
        },
        (span, fn) =>
          span.span.isRecording()
            ? contextManager.with(
                trace.setSpan(contextManager.active(), span.span).setValue(SPAN_KEY, span),
                fn,
              )
            : fn(),
        (span, error) => span.recordError(describeError(error, redactor)),
      );
    },

    flush,
  };
}
