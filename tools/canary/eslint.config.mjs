import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The test starts the local cloud (an Nx application) in-process.
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['@traced-social/local-cloud', '@traced-social/cloud-session'],
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
