export type TracingBackendName = 'xray' | 'otel';

/** The tracing backend of every function, with per-app exceptions. */
export interface TracingChoice {
  backend: TracingBackendName;
  /** App name (the manifest's `app`) → its backend, where it differs from `backend`. */
  byApp: Record<string, TracingBackendName>;
}

const isBackend = (value: string): value is TracingBackendName =>
  value === 'xray' || value === 'otel';

/**
 * Parses `--tracing` / LOCAL_CLOUD_TRACING: `otel` (every function), `posts=otel` (posts on
 * OpenTelemetry, the rest on the default xray), or both, comma separated: `otel,auth=xray`.
 */
export function parseTracingChoice(text: string): TracingChoice {
  const choice: TracingChoice = { backend: 'xray', byApp: {} };
  for (const part of text.split(',').map((p) => p.trim())) {
    const [app, backend] = part.includes('=') ? part.split('=', 2) : [undefined, part];
    if (!isBackend(backend) || app === '') {
      throw new Error(
        `--tracing must be xray or otel, or <app>=xray|otel (comma separated), got "${text}"`,
      );
    }
    if (app === undefined) choice.backend = backend;
    else choice.byApp[app] = backend;
  }
  return choice;
}

/** The backend of one app's functions. */
export function tracingBackendOf(choice: TracingChoice, app: string): TracingBackendName {
  return choice.byApp[app] ?? choice.backend;
}
