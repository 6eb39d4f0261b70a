import { runTracesCommand } from './traces-command';

// The SDK's warning about Node 20 (see STACK.md) would bury the trees on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// `npm run traces -- [--filter 'EXPR'] [--last 5m] [--id TRACE_ID] [--endpoint URL]`
void runTracesCommand(process.argv.slice(2), (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
