const { perTracingBackend } = require('../../libs/observability/jest.backends');

module.exports = perTracingBackend({
  displayName: 'posts',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
});
