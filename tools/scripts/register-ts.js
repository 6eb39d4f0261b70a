// Lets Node run the workspace's TypeScript directly (tools, scripts, benchmarks), with the
// tsconfig.base.json path aliases (@traced-social/*). Use: node -r ./tools/scripts/register-ts.js x.ts
const path = require('node:path');

process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '../../tsconfig.base.json');
require('@swc-node/register');
