module.exports = {
  displayName: 'trace-shapes-recorder',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  testTimeout: 600000,
  // The N+1 check in a copy of the workspace is its own target (`trace-shapes-recorder:e2e`,
  // jest.e2e.config.js, `npm run test:e2e`; decision 1944).
  testPathIgnorePatterns: ['/node_modules/', '/src/e2e/'],
};
