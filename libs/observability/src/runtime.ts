import { readConfig, type ObservabilityConfig } from './config';
import { createRedactor, type Redactor } from './conventions/redaction';
import { selectBackend } from './backends/select-backend';
import type { TracingBackend } from './backends/tracing-backend';

/**
 * The library's process-wide state, built at first use (not at import), so it sees the
 * environment Lambda (or a test harness) set before the handler ran.
 */
export interface ObservabilityRuntime {
  config: ObservabilityConfig;
  redactor: Redactor;
  backend: TracingBackend;
}

let current: ObservabilityRuntime | undefined;

export function runtime(): ObservabilityRuntime {
  if (!current) {
    const config = readConfig();
    // One redactor for everything that leaves the process: both backends, the logger.
    const redactor = createRedactor(config.extraRedactKeys);
    current = { config, redactor, backend: selectBackend(config, redactor) };
  }
  return current;
}

/** The redactor alone: used by the logger, which must work even before tracing is set up. */
export function redactor(): Redactor {
  return runtime().redactor;
}
