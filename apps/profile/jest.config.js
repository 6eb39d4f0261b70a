// Test configuration, not product code: the per-backend Jest projects of decision 0803.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { projectOnBothBackends } = require('../../libs/observability/jest.backends');

module.exports = projectOnBothBackends(__dirname, {
  // Tests through the local cloud run once (its functions choose their backend themselves).
  xrayOnly: ['\\.cloud\\.spec\\.ts$'],
  // Contract tests run each handler as a fresh Lambda (cold start) many times: give them room on
  // a loaded machine.
  testTimeout: 120000,
});
