import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // These suites start the local cloud (an Nx application) in-process.
    files: ['suites/local-cloud-start.ts', 'suites/outbox-drain.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['@traced-social/local-cloud'],
          depConstraints: [
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: ['type:lib', 'type:tool', 'type:app'],
            },
          ],
        },
      ],
    },
  },
];
