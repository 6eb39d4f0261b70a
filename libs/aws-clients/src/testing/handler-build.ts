import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { handlerBundling, type AppManifest } from '@traced-social/manifest';

/**
 * The shared esbuild config of every app's build (aliases, backend define, plugins and the
 * event-stream check: `handlerEsbuildOptions`), relative to the workspace root where nx runs.
 */
export const APP_ESBUILD_CONFIG = 'libs/manifest/src/app-esbuild-config.ts';

interface EsbuildTarget {
  executor?: string;
  options?: {
    main?: string;
    additionalEntryPoints?: string[];
    outputPath?: string;
    bundle?: boolean;
    thirdParty?: boolean;
    platform?: string;
    format?: string[];
    target?: string;
    minify?: boolean;
    sourcemap?: boolean | string;
    external?: string[];
    esbuildOptions?: unknown;
    esbuildConfig?: string;
  };
}

/**
 * What is wrong with an app's `build` target, measured against its manifest and the shared
 * `handlerBundling` options: each function's entry must be an entry point bundled to
 * `dist/apps/<app>/<function-name>.js`, with the same options the local cloud and CDK use (on
 * the default `xray` backend: the CDK and the local cloud rebuild a function moved to `otel`):
 * `handlerBundling`'s in the target, the rest (aliases, define, plugins) from `APP_ESBUILD_CONFIG`.
 * An app's test asserts this returns `[]`.
 */
export function handlerBuildProblems(appRoot: string, manifest: AppManifest): string[] {
  const project = JSON.parse(readFileSync(join(appRoot, 'project.json'), 'utf8')) as {
    targets?: { build?: EsbuildTarget };
  };
  const build = project.targets?.build;
  if (build?.executor !== '@nx/esbuild:esbuild') return ['build must use @nx/esbuild:esbuild'];
  const o = build.options ?? {};
  const problems: string[] = [];
  const entries = [o.main, ...(o.additionalEntryPoints ?? [])].filter((e): e is string =>
    Boolean(e),
  );
  const appDir = `apps/${manifest.app}`;
  for (const fn of manifest.functions) {
    const entry = `${appDir}/${fn.entry}`;
    if (!entries.includes(entry)) problems.push(`${fn.name}: ${entry} is not a build entry point`);
    if (basename(fn.entry, '.ts') !== fn.name) {
      problems.push(`${fn.name}: entry file must be named ${fn.name}.ts (the bundle's name)`);
    }
  }
  const declared = new Set(manifest.functions.map((fn) => `${appDir}/${fn.entry}`));
  for (const entry of entries) {
    if (!declared.has(entry)) problems.push(`${entry} is built but not in the manifest`);
  }
  const expect = (name: string, actual: unknown, wanted: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(wanted)) {
      problems.push(
        `build option ${name} is ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`,
      );
    }
  };
  expect('outputPath', o.outputPath, `dist/${appDir}`);
  expect('bundle', o.bundle, true);
  expect('thirdParty', o.thirdParty, true);
  expect('platform', o.platform, handlerBundling.platform);
  expect('format', o.format, [handlerBundling.format]);
  expect('target', o.target, handlerBundling.target);
  expect('minify', o.minify, handlerBundling.minify);
  expect('sourcemap', o.sourcemap, handlerBundling.sourcemap);
  expect('external', o.external ?? [], handlerBundling.external);
  // esbuildOptions and esbuildConfig exclude each other in @nx/esbuild: the config holds plugins.
  expect('esbuildOptions', o.esbuildOptions, undefined);
  expect('esbuildConfig', o.esbuildConfig, APP_ESBUILD_CONFIG);
  return problems;
}
