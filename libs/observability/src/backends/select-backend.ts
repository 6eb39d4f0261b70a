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
        require('../backends/xray/xray-backend') as typeof import('../backends/xray/xray-backend');
      return (
        createXRayBackend({ serviceName: config.serviceName, captureHttps: config.captureHttps }) ??
        disabledBackend
      );
    }
    case 'otel': {
      const { createOtelBackend } =
        require('../backends/otel/otel-backend') as typeof import('../backends/otel/otel-backend');
      const { readOtelExportOptions } =
        require('../backends/otel/exporter') as typeof import('../backends/otel/exporter');
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
