// Test configuration, not product code: the per-backend Jest projects of decision 0803.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { perTracingBackend } = require('../../libs/observability/jest.backends');

module.exports = {
  ...perTracingBackend(
    {
      displayName: 'profile',
      preset: '../../jest.preset.js',
      rootDir: __dirname,
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
    },
    { xrayOnly: ['\\.cloud\\.spec\\.ts$'] },
  ),
  // Tests through the local cloud run once (its functions choose their backend themselves).
  // Contract tests run each handler as a fresh Lambda (cold start) many times: give them room on
  // a loaded machine. (Set after the spread: it wins over the preset's, lifted to the top.)
  testTimeout: 120000,
};
