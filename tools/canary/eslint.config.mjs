import baseConfig, { localCloudToolConfig } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The test starts the local cloud (an Nx application) in-process.
  localCloudToolConfig(),
];
