import baseConfig from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  {
    // Fixture traces write what the tracing backend writes too (ColdStart, Service), as data.
    files: ['src/testing/**/*.ts'],
    rules: { '@nx/workspace-valid-annotation-key': 'off' },
  },
];
