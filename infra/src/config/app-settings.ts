/**
 * Deployment settings of an app that its manifest does not carry (the manifest describes what the
 * code needs; these describe how one deployment runs it).
 */
export type TracingBackend = 'xray' | 'otel';

export interface AppSettings {
  /**
   * Which adapter of libs/observability the functions use (TRACING_BACKEND). `xray` (default):
   * Powertools and the X-Ray SDK through Lambda's X-Ray daemon. `otel`: OpenTelemetry, exported
   * in process to X-Ray's OTLP endpoint (see tracing-backend.ts, the one place it is wired).
   */
  tracingBackend: TracingBackend;
}

const defaults: AppSettings = { tracingBackend: 'xray' };

/** Per-app overrides, e.g. `posts: { tracingBackend: 'otel' }`. */
export const appSettingsOverrides: Partial<Record<string, Partial<AppSettings>>> = {};

/**
 * The settings of an app: defaults, then this file's overrides, then CDK context
 * `-c tracingBackend.<app>=otel` (for trying a backend on one stage without a commit).
 */
export function appSettings(app: string, context: (key: string) => unknown): AppSettings {
  const fromContext = context(`tracingBackend.${app}`);
  const settings = { ...defaults, ...appSettingsOverrides[app] };
  if (fromContext !== undefined) {
    if (fromContext !== 'xray' && fromContext !== 'otel') {
      throw new Error(
        `tracingBackend.${app} must be "xray" or "otel", not "${String(fromContext)}"`,
      );
    }
    settings.tracingBackend = fromContext;
  }
  return settings;
}
