import { join } from 'node:path';

/**
 * How every handler is bundled, wherever it is bundled: the apps' `build` targets, the local
 * cloud, the CDK functions and `npm run bench -- handler-bundles`. With the plugins that need
 * esbuild's API, these make `handlerEsbuildOptions` (`@traced-social/manifest/build`, decision
 * 1922), which every one of those builds uses.
 * CommonJS, so the X-Ray SDK's `cls-hooked` needs no `createRequire` banner; the AWS SDK is
 * bundled, not taken from the Lambda runtime (see docs/decisions/0002-bundle-the-aws-sdk.md).
 */
export const handlerBundling = {
  platform: 'node',
  format: 'cjs',
  /** The deployed runtime's Node major (`LAMBDA_RUNTIME`); the code still runs on Node 20 locally. */
  target: 'node24',
  minify: true,
  /**
   * A `.map` file beside the bundle, with no `sourceMappingURL` comment: Node never reads it at
   * start (no `--enable-source-maps` on the hot path), it is there to decode a stack trace
   * offline (docs/decisions/1900-lean-handler-bundles.md).
   */
  sourcemap: 'external',
  /** ESM entry points first: the AWS SDK v3 and most libraries tree-shake only as ESM. */
  mainFields: ['module', 'main'],
  /** Nothing external: the bundle carries its exact dependency versions. */
  external: [] as string[],
} as const;

/** The Lambda runtime the stacks deploy on (decision 1950: Node 22 reaches its end of life in April 2027). */
export const LAMBDA_RUNTIME = 'nodejs24.x';

/** The tracing backends of `@traced-social/observability` (`TRACING_BACKEND`). */
export type BundledTracingBackend = 'xray' | 'otel';

/**
 * Replaced at build time by the function's backend, so esbuild drops the other backend's code
 * (libs/observability's backend selection reads it; unbundled code, as in tests, leaves it
 * undefined and selects at run time).
 */
export const BUNDLED_BACKEND_DEFINE = 'process.env.OBSERVABILITY_BUNDLED_BACKEND';

/** The esbuild `define` that bakes a function's tracing backend into its bundle. */
export function bundledBackendDefine(backend: BundledTracingBackend): Record<string, string> {
  return { [BUNDLED_BACKEND_DEFINE]: JSON.stringify(backend) };
}

/**
 * Modules replaced in every bundle (decision 1900): the AWS SDK's default credential chain by its
 * environment link (`lambda-credentials.ts`), the only one Lambda uses, `semver` by the one
 * function the X-Ray SDK's (uncalled) AWS SDK v2 patcher needs of it (`xray-sdk-semver.ts`), and
 * `debug`, whose only importer is ioredis's `DEBUG`-switched diagnostics, by debuggers that are
 * never enabled (`silent-debug.ts`, decision 1920).
 */
export function handlerBundleAliases(): Record<string, string> {
  return {
    '@aws-sdk/credential-provider-node': join(__dirname, 'lambda-credentials.ts'),
    semver: join(__dirname, 'xray-sdk-semver.ts'),
    debug: join(__dirname, 'silent-debug.ts'),
  };
}

/**
 * Every esbuild option of a handler's bundle except where it comes from and goes to: the shared
 * options, the aliases and the backend define. Switching a function's backend changes its bundle.
 */
export function handlerBuildOptions(backend: BundledTracingBackend) {
  return {
    ...handlerBundling,
    mainFields: [...handlerBundling.mainFields],
    external: [...handlerBundling.external],
    alias: handlerBundleAliases(),
    define: bundledBackendDefine(backend),
    bundle: true,
  };
}
