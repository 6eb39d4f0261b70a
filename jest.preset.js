const path = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

/** Shared Jest settings: Node environment (these are Lambda handlers, not browser code). */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  testTimeout: 30000,
  reporters: ['default', path.join(__dirname, 'tools/scripts/jest-count-reporter.js')],
};
