import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Reads the manifests with the local cloud's discovery; the test starts the local cloud.
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
