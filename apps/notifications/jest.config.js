// A Jest configuration helper file, not a project import (there is no package to import it by).
// eslint-disable-next-line @nx/enforce-module-boundaries
const { perTracingBackend } = require('../../libs/observability/jest.backends');

// Contract tests run on both tracing backends (decision 0803); tests through the local cloud run
// once (its functions choose their backend themselves).
module.exports = perTracingBackend(
  {
    displayName: 'notifications',
    preset: '../../jest.preset.js',
    rootDir: __dirname,
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  },
  { xrayOnly: ['\\.cloud\\.spec\\.ts$'] },
);
