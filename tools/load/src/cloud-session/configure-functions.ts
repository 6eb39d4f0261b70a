import type { AppManifest, FunctionSpec } from '@traced-social/manifest';

/**
 * A `configure` for `startCloudSession` that changes each function of each app (a test's own
 * timeouts, retries or environment); `change` answers the function as is to leave it alone.
 */
export function configureFunctions(
  change: (fn: FunctionSpec, app: AppManifest['app']) => FunctionSpec,
): (manifest: AppManifest) => AppManifest {
  return (manifest) => ({
    ...manifest,
    functions: manifest.functions.map((fn) => change(fn, manifest.app)),
  });
}
