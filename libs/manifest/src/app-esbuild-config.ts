/**
 * The `esbuildConfig` of every app's `build` target (@nx/esbuild): the esbuild options that
 * project.json cannot hold, from the one shared handler build (`handlerEsbuildOptions`, on the
 * default `xray` backend) — entry-point order, aliases, the backend define and the plugins
 * (stand-ins and the event-stream check, decision 1922). The target itself sets platform, format,
 * target, minify, source map and externals, checked against `handlerBundling` by each app's test.
 * Relative imports: the executor loads this file on its own, without the workspace's path aliases.
 */
import { handlerEsbuildOptions } from './build';

const { mainFields, alias, define, plugins } = handlerEsbuildOptions('xray');

export default {
  outExtension: { '.js': '.js' },
  mainFields,
  alias,
  define,
  plugins,
  metafile: true,
};
