// Lets Node run the workspace's TypeScript directly (tools, scripts, benchmarks), with the
// tsconfig.base.json path aliases (@traced-social/*). Use: node -r ./tools/scripts/register-ts.js x.ts
const path = require('node:path');

process.env.SWC_NODE_PROJECT ??= path.join(__dirname, '../../tsconfig.base.json');
// The workspace runs locally on Node 20 and deploys on nodejs24.x (docs/decisions/1950): the AWS
// SDK's notice that its 2027 releases need Node 22 is known, and would only clutter tool output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
require('@swc-node/register');
