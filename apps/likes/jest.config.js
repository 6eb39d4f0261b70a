// Test configuration, not product code: the per-backend Jest projects of decision 0803.
// eslint-disable-next-line @nx/enforce-module-boundaries
const { projectOnBothBackends } = require('../../libs/observability/jest.backends');

// Contract tests run on both tracing backends (decision 0803); tests through the local cloud run
// once (its functions choose their backend themselves).
module.exports = projectOnBothBackends(__dirname, { xrayOnly: ['\\.cloud\\.spec\\.ts$'] });
