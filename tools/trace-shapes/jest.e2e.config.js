// The trace-shape check end to end (`nx run trace-shapes-recorder:e2e`): an N+1 in a copy of the
// workspace (decision 1944).
const unit = require('./jest.config.js');

module.exports = {
  ...unit,
  displayName: 'trace-shapes-recorder (e2e)',
  testPathIgnorePatterns: ['/node_modules/'],
  testMatch: ['<rootDir>/src/e2e/**/*.spec.ts'],
};
