module.exports = {
  displayName: 'nx-plugin',
  preset: '../../jest.preset.js',
  rootDir: __dirname,
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  // Generator templates are data, not tests or sources. The end-to-end run is its own target
  // (`nx-plugin:e2e`, jest.e2e.config.js): it reruns only when the plugin changes.
  testPathIgnorePatterns: ['/node_modules/', '/files/', '/src/e2e/'],
  modulePathIgnorePatterns: ['<rootDir>/src/generators/.*/files/'],
};
