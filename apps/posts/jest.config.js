// Test configuration, not product code: the per-backend Jest projects of decision 0803.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { perTracingBackend } = require('../../libs/observability/jest.backends');

module.exports = {
  ...perTracingBackend(
    {
      displayName: 'posts',
      preset: '../../jest.preset.js',
      rootDir: __dirname,
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
    },
    // The end-to-end test runs the whole local cloud (its --tracing flag picks the backend): once.
    { xrayOnly: ['\\.e2e\\.spec\\.ts$'] },
  ),
  // Contract tests run each handler as a fresh Lambda (cold start) many times: give them room on
  // a loaded machine. (Set after the spread: it wins over the preset's, lifted to the top.)
  testTimeout: 120000,
};
