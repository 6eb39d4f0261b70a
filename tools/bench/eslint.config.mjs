import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The local-cloud-start suite starts the local cloud (an Nx application) in-process.
    files: ['suites/local-cloud-start.ts'],
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
