module.exports = {
  displayName: 'trace-shapes-recorder',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  testTimeout: 600000,
};
