/**
 * How a handler is built, for build tools only (`@traced-social/manifest/build`): esbuild's
 * options with the plugins that need its API. Not in the package index, which handlers import.
 */
import { handlerBuildOptions, type BundledTracingBackend } from './bundling';
import { handlerBundlePlugins } from './bundle-plugins';

export { handlerBundlePlugins, handlerBundlePluginSources } from './bundle-plugins';
export {
  assertNoEventStreamOperations,
  eventStreamOperations,
  streamingOperationsOf,
} from './event-stream-check';
export { standInReached, STAND_IN_DECISION } from './stand-ins/reached';
export { REDIS_COMMANDS_KEPT } from './stand-ins/redis-commands-kept';

/**
 * Every esbuild option of a handler's bundle but its entry and output, plugins included: what the
 * bench measures, the local cloud runs and the CDK deploys (`esbuild.build({ ...this, entryPoints,
 * outfile })`). The plugins fail a build that bundles an event-stream operation.
 */
export function handlerEsbuildOptions(backend: BundledTracingBackend) {
  return {
    ...handlerBuildOptions(backend),
    plugins: handlerBundlePlugins(),
    metafile: true as const,
  };
}
