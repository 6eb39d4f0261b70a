import { runCanaryCommand } from './src/canary-command';

// `npm run canary -- [--api URL] [--daemon HOST:PORT]`
void runCanaryCommand(process.argv.slice(2), (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
