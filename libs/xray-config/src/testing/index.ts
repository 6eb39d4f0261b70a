import type { AppManifest } from '@traced-social/manifest';

/** A function of a stand-in manifest: what the X-Ray plan reads of it. */
export interface PlannedFunction {
  name: string;
  operationType: string;
  trigger: { type: string } & Record<string, unknown>;
}

/**
 * A stand-in app manifest for tests of the X-Ray plan and what derives from it (tracing cost):
 * only the app's name and its functions' triggers, none of the rest a real manifest declares.
 */
export function plannedApp(app: string, functions: PlannedFunction[]): AppManifest {
  return { app, service: app, functions } as unknown as AppManifest;
}

/** An API-triggered function of such a manifest. */
export function apiFunction(
  name: string,
  operationType: string,
  method: string,
  path: string,
): PlannedFunction {
  return { name, operationType, trigger: { type: 'api', method, path } };
}
