import type { ObservabilityConfig } from '../config';
import type { Redactor } from '../conventions/redaction';
import { disabledBackend } from './disabled-backend';
import type { TracingBackend } from './tracing-backend';

/**
 * Picks the backend the configuration asks for. Backends are loaded lazily, so a function with
 * tracing off never loads (nor pays the cold start of) a tracing SDK. `redactor` is the runtime's
 * (the one the conventions and the logger use), for what a backend's SDK records by itself.
 */
export function selectBackend(config: ObservabilityConfig, redactor: Redactor): TracingBackend {
  if (!config.tracingEnabled) return disabledBackend;
  switch (config.backend) {
    // Each branch is guarded by the build-time define of the function's backend
    // (handlerBuildOptions): esbuild drops the other backend's require, and its SDK, from the
    // bundle. Unbundled (tests), the expression is undefined and both branches exist.
    case 'xray': {
      if (process.env.OBSERVABILITY_BUNDLED_BACKEND !== 'otel') {
        const { createXRayBackend } =
          require('./xray/xray-backend') as typeof import('./xray/xray-backend');
        return (
          createXRayBackend({
            serviceName: config.serviceName,
            captureHttps: config.captureHttps,
            redactor,
          }) ?? disabledBackend
        );
      }
      return disabledBackend;
    }
    case 'otel': {
      if (process.env.OBSERVABILITY_BUNDLED_BACKEND !== 'xray') {
        const { createOtelBackend } =
          require('./otel/otel-backend') as typeof import('./otel/otel-backend');
        const { readOtelExportOptions } =
          require('./otel/exporter') as typeof import('./otel/exporter');
        return (
          createOtelBackend({
            serviceName: config.serviceName,
            export: readOtelExportOptions(),
            redactor,
          }) ?? disabledBackend
        );
      }
      return disabledBackend;
    }
  }
}
