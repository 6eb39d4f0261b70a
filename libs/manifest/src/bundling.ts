/**
 * How every handler is bundled, wherever it is bundled: the apps' `build` targets, the local
 * cloud (which bundles a handler on first use and on change) and the CDK `NodejsFunction`s.
 * CommonJS, so the X-Ray SDK's `cls-hooked` needs no `createRequire` banner; the AWS SDK is
 * bundled, not taken from the Lambda runtime (see docs/decisions/0002-bundle-the-aws-sdk.md).
 */
export const handlerBundling = {
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  sourcemap: true,
  /** Nothing external: the bundle carries its exact dependency versions. */
  external: [] as string[],
} as const;

/** The Lambda runtime the stacks deploy on (nodejs20.x is deprecated in Lambda). */
export const LAMBDA_RUNTIME = 'nodejs22.x';
