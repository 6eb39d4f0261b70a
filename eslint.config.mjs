import nx from '@nx/eslint-plugin';

/**
 * Workspace ESLint flat config. Every project's eslint.config.mjs spreads this one.
 * Module boundaries: apps import libs; libs import only libs; tools and infra may read app manifests.
 */
export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.local', '**/cdk.out', '**/tmp', '**/coverage'],
  },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'],
            },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:lib', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The tracing conventions (tools/eslint-rules, registered by @nx/eslint-plugin as
    // @nx/workspace-*; docs/rules/). Patterns are anchored at the workspace root, whichever
    // project config spreads this one. Not for the observability lib itself, which defines them.
    basePath: import.meta.dirname,
    files: ['apps/**/*.ts', 'libs/**/*.ts'],
    ignores: ['libs/observability/src/**', '**/*.spec.ts', '**/*.test.ts'],
    rules: {
      '@nx/workspace-no-sensitive-trace-data': 'error',
      '@nx/workspace-max-subsegments': 'error',
      '@nx/workspace-valid-annotation-key': 'error',
      '@nx/workspace-require-traced-handler': 'error',
      '@nx/workspace-no-floating-traced-operation': 'error',
      '@nx/workspace-operation-type-matches-manifest': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.test.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];

/** The local cloud and its session kit: Nx applications, started in-process by some tests and tools. */
const LOCAL_CLOUD_PACKAGES = ['@traced-social/local-cloud', '@traced-social/cloud-session'];

/** Module boundaries for files that may also import the local cloud (`allow`). */
function boundariesAllowing(allow, depConstraint) {
  return {
    '@nx/enforce-module-boundaries': [
      'error',
      { enforceBuildableLibDependency: true, allow, depConstraints: [depConstraint] },
    ],
  };
}

/**
 * For apps whose tests run through the local cloud (a tool), which starts the whole backend
 * in-process: only those tests may import it; handlers and domain code still depend on libs only.
 * An app's eslint.config.mjs: `export default [...baseConfig, localCloudTestsConfig]`.
 */
export const localCloudTestsConfig = {
  files: ['src/**/*.cloud.spec.ts', 'src/e2e/**/*.ts'],
  rules: boundariesAllowing(LOCAL_CLOUD_PACKAGES, {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:lib', 'type:tool'],
  }),
};

/**
 * For tools that start the local cloud (an Nx application) in-process: `files` may import it
 * (and `allow`, by default the local cloud and its session kit).
 * A tool's eslint.config.mjs: `export default [...baseConfig, localCloudToolConfig()]`.
 */
export function localCloudToolConfig({ files = ['**/*.ts'], allow = LOCAL_CLOUD_PACKAGES } = {}) {
  return {
    files,
    rules: boundariesAllowing(allow, {
      sourceTag: 'type:tool',
      onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'],
    }),
  };
}
