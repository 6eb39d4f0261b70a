const { perTracingBackend } = require('../../libs/observability/jest.backends');

// Contract tests run on both tracing backends (decision 0803); tests through the local cloud run
// once (its functions choose their backend themselves).
module.exports = perTracingBackend(
  {
    displayName: 'likes',
    preset: '../../jest.preset.js',
    rootDir: __dirname,
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  },
  { xrayOnly: ['\\.cloud\\.spec\\.ts$'] },
);
