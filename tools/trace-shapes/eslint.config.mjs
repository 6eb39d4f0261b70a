import baseConfig, { localCloudToolConfig } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The recording starts the local cloud (an Nx application) in-process.
  localCloudToolConfig(),
];
