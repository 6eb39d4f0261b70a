const { perTracingBackend } = require('./jest.backends');

module.exports = perTracingBackend(
  {
    displayName: 'observability',
    preset: '../../jest.preset.js',
    rootDir: __dirname,
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  },
  // Run once: disabled.spec counts UDP sockets (the X-Ray daemon protocol); the specs under
  // backends/otel choose their backends per function themselves.
  { xrayOnly: ['disabled\\.spec\\.ts$', '/backends/otel/'] },
);
