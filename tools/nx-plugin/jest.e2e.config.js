// The generators' end-to-end run (`nx run nx-plugin:e2e`): nx g into a copy of the workspace.
const unit = require('./jest.config.js');

module.exports = {
  ...unit,
  displayName: 'nx-plugin (e2e)',
  testPathIgnorePatterns: ['/node_modules/', '/files/'],
  testMatch: ['<rootDir>/src/e2e/**/*.spec.ts'],
};
