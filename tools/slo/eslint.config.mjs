import baseConfig, { localCloudToolConfig } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // Reads the manifests with the local cloud's discovery; the test starts the local cloud.
  localCloudToolConfig(),
];
