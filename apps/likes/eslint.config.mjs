import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Tests through the local cloud (a tool) start the whole backend in-process: only they may
    // import it; handlers and domain code still depend on libs only.
    files: ['src/**/*.cloud.spec.ts', 'src/e2e/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['@traced-social/local-cloud', '@traced-social/cloud-session'],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'type:tool'] },
          ],
        },
      ],
    },
  },
];
