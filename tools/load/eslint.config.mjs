import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // The session kit starts the local cloud (an Nx application) in-process.
    files: ['**/*.ts'],
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
