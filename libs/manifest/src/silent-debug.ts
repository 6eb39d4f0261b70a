/**
 * What Lambda bundles get in place of `debug` (an esbuild alias in `handlerBuildOptions`,
 * decision 1920). Its only importer in a handler bundle is ioredis, which wraps each namespace
 * (`ioredis:redis`, `ioredis:connection`...) and prints only when the namespace is enabled through
 * the `DEBUG` variable: a diagnostic switch no function sets. Every namespace here is disabled, so
 * ioredis's debug calls return at once, as they do with `debug` and `DEBUG` unset. The library
 * with its `ms`, `supports-color` and browser build is ~10 KB of each Redis handler's bundle.
 * Unbundled code (tests, tools) keeps `debug`.
 */
export interface SilentDebugger {
  (...args: unknown[]): void;
  readonly namespace: string;
  readonly enabled: boolean;
  log: (...args: unknown[]) => void;
  destroy(): boolean;
  extend(suffix: string, delimiter?: string): SilentDebugger;
}

/** `debug(namespace)`: a debugger that is never enabled. */
export default function createDebug(namespace: string): SilentDebugger {
  const debug = Object.assign(() => undefined, {
    namespace,
    enabled: false,
    log: () => undefined,
    destroy: () => true,
    extend: (suffix: string, delimiter = ':') => createDebug(`${namespace}${delimiter}${suffix}`),
  });
  return debug;
}

/** `debug.enable(namespaces)`: nothing is enabled in a Lambda bundle. */
export function enable(): undefined {
  return undefined;
}

/** `debug.disable()`: the namespaces that were enabled (none). */
export function disable(): string {
  return '';
}

/** `debug.enabled(name)`: no namespace is. */
export function enabled(): boolean {
  return false;
}
