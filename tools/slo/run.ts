import { runSloCommand } from './src/slo-command';

// The SDK's warning about Node 20 (see STACK.md) would bury the table.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm run slo -- [--last 1h] [--endpoint URL] [--include-synthetic]`
void runSloCommand(process.argv.slice(2), (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
