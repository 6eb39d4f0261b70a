import baseConfig, { localCloudTestsConfig } from '../../eslint.config.mjs';

export default [...baseConfig, localCloudTestsConfig];
