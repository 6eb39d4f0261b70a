import baseConfig, { localCloudToolConfig } from '../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The session kit starts the local cloud (an Nx application) in-process.
  localCloudToolConfig({ allow: ['@traced-social/local-cloud'] }),
];
