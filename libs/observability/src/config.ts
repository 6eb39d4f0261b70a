import { ANNOTATION_BUDGET, SUBSEGMENT_BUDGET } from './conventions/budgets';
import { DEFAULT_METADATA_MAX_BYTES } from './conventions/metadata-cap';

export type TracingBackendName = 'xray' | 'otel';

/** Everything the library reads from the environment, read once (at first use). */
export interface ObservabilityConfig {
  /** POWERTOOLS_SERVICE_NAME: the `Service` annotation, the metrics dimension, the logs' service. */
  serviceName: string;
  /**
   * Off when NODE_ENV is `local` or `test`, unless AWS_XRAY_DAEMON_ADDRESS (or, for the `otel`
   * backend, OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT) points at a collector (tests and the local
   * cloud set it); POWERTOOLS_TRACE_ENABLED=false turns it off anywhere.
   */
  tracingEnabled: boolean;
  /**
   * The backend a bundle was built for (`handlerBuildOptions` bakes it in: a bundle holds one
   * backend's code); unbundled, as in tests, TRACING_BACKEND: `xray` (default) or `otel`.
   */
  backend: TracingBackendName;
  /**
   * Patch http/https/fetch to trace outgoing calls: POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS when
   * set (the CDK stacks set it per stage), else off in production (STAGE=prod or NODE_ENV=production).
   */
  captureHttps: boolean;
  /** NODE_ENV=test: misuse of the conventions throws instead of logging a warning. */
  strict: boolean;
  /** OBSERVABILITY_METADATA_MAX_BYTES: the cap on each serialised metadata value. */
  metadataMaxBytes: number;
  /** OBSERVABILITY_REDACT_KEYS: extra sensitive key names, comma separated. */
  extraRedactKeys: string[];
  /** Custom subsegments per invocation before operations run untraced (X-Ray: "< 50 per trace"). */
  subsegmentBudget: number;
  /** Annotations written per invocation before the rest go to metadata (X-Ray indexes 50 per trace). */
  annotationBudget: number;
  /** POWERTOOLS_METRICS_NAMESPACE. */
  metricsNamespace: string;
  /**
   * STAGE (the stacks and the local cloud set it): the `stage` annotation of every handler
   * segment, which each stage's X-Ray groups filter on (decision 1621); unset, none is written.
   */
  stage: string | undefined;
}

export const DEFAULT_SERVICE_NAME = 'traced-social';
export const DEFAULT_METRICS_NAMESPACE = 'TracedSocial';

export function readConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const nodeEnv = env.NODE_ENV ?? '';
  const quietByDefault = nodeEnv === 'local' || nodeEnv === 'test';
  const collectorConfigured = Boolean(
    env.AWS_XRAY_DAEMON_ADDRESS ||
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    env.OTEL_EXPORTER_OTLP_ENDPOINT,
  );
  const explicitlyOff = (env.POWERTOOLS_TRACE_ENABLED ?? '').toLowerCase() === 'false';
  const production = env.STAGE === 'prod' || nodeEnv === 'production';
  const backend = bundledBackend() ?? (env.TRACING_BACKEND ?? 'xray').toLowerCase();
  if (backend !== 'xray' && backend !== 'otel') {
    throw new Error(`TRACING_BACKEND must be "xray" or "otel", not "${env.TRACING_BACKEND}"`);
  }
  return {
    serviceName: env.POWERTOOLS_SERVICE_NAME || DEFAULT_SERVICE_NAME,
    tracingEnabled: !explicitlyOff && (!quietByDefault || collectorConfigured),
    backend,
    captureHttps: envFlag(env.POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS) ?? !production,
    strict: nodeEnv === 'test',
    metadataMaxBytes: positiveInt(env.OBSERVABILITY_METADATA_MAX_BYTES, DEFAULT_METADATA_MAX_BYTES),
    extraRedactKeys: (env.OBSERVABILITY_REDACT_KEYS ?? '')
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean),
    subsegmentBudget: SUBSEGMENT_BUDGET,
    annotationBudget: ANNOTATION_BUDGET,
    metricsNamespace: env.POWERTOOLS_METRICS_NAMESPACE || DEFAULT_METRICS_NAMESPACE,
    stage: env.STAGE || undefined,
  };
}

/**
 * The backend this code was bundled for: esbuild replaces the expression with a string literal
 * (`handlerBuildOptions` of @traced-social/manifest); unbundled it is an unset variable.
 */
export function bundledBackend(): TracingBackendName | undefined {
  const bundled = process.env.OBSERVABILITY_BUNDLED_BACKEND;
  return bundled === 'xray' || bundled === 'otel' ? bundled : undefined;
}

/** `true`/`false` (any case) as a boolean; anything else as not set. */
function envFlag(raw: string | undefined): boolean | undefined {
  const value = raw?.trim().toLowerCase();
  return value === 'true' ? true : value === 'false' ? false : undefined;
}

function positiveInt(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new Error(`expected a positive integer, got "${raw}"`);
  }
  return n;
}
