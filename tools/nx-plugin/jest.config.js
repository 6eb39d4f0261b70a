module.exports = {
  displayName: 'nx-plugin',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  // Generator templates are data, not tests or sources.
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  modulePathIgnorePatterns: ['<rootDir>/src/generators/.*/files/'],
};
