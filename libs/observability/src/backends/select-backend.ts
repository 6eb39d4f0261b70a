import type { ObservabilityConfig } from '../config';
import { disabledBackend } from './disabled-backend';
import type { TracingBackend } from './tracing-backend';

/**
 * Picks the backend the configuration asks for. Backends are loaded lazily, so a function with
 * tracing off never loads (nor pays the cold start of) a tracing SDK.
 */
export function selectBackend(config: ObservabilityConfig): TracingBackend {
  if (!config.tracingEnabled) return disabledBackend;
  switch (config.backend) {
    case 'xray': {
      const { createXRayBackend } =
        require('./xray/xray-backend') as typeof import('./xray/xray-backend');
      return (
        createXRayBackend({ serviceName: config.serviceName, captureHttps: config.captureHttps }) ??
        disabledBackend
      );
    }
    case 'otel': {
      const { createOtelBackend } =
        require('./otel/otel-backend') as typeof import('./otel/otel-backend');
      const { readOtelExportOptions } =
        require('./otel/exporter') as typeof import('./otel/exporter');
      return (
        createOtelBackend({
          serviceName: config.serviceName,
          export: readOtelExportOptions(),
          extraRedactKeys: config.extraRedactKeys,
        }) ?? disabledBackend
      );
    }
  }
}
