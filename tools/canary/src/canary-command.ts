import { defineCommand } from '@traced-social/trace-collector';
import { runCanaryFlow, type CanaryApis, type SyntheticUser } from './canary-flow';
import { DaemonTracer } from './daemon-tracer';

export const CANARY_USAGE = `Usage: npm run canary -- [--api URL] [--daemon HOST:PORT]

Walks the seed's flow once as the synthetic user (sign in, create a post, read the feed, like it,
delete it), as the CloudWatch Synthetics canary does every 5 minutes in each stage. Its trace
carries the annotation synthetic = true.
  --api     the API of every app (default http://127.0.0.1:3000, npm start)
  --daemon  the X-Ray daemon its segment goes to (default $AWS_XRAY_DAEMON_ADDRESS or 127.0.0.1:2000)`;

/** The local synthetic user (AWS stages read theirs from Secrets Manager). */
export const LOCAL_SYNTHETIC_USER: SyntheticUser = {
  email: 'canary@traced-social.invalid',
  username: 'synthetic_canary',
  password: 'local canary 1234',
};

/** The `canary` command: one run of the flow; exit code 0 when every step answered as expected. */
export const runCanaryCommand = defineCommand({
  usage: CANARY_USAGE,
  options: {
    api: { type: 'string', default: 'http://127.0.0.1:3000' },
    daemon: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  async run(options, out, env) {
    const apis: CanaryApis = {
      auth: options.api,
      posts: options.api,
      feed: options.api,
      likes: options.api,
    };
    const tracer = new DaemonTracer(
      options.daemon ?? env.AWS_XRAY_DAEMON_ADDRESS ?? '127.0.0.1:2000',
    );
    try {
      for (const result of await runCanaryFlow(apis, LOCAL_SYNTHETIC_USER, tracer)) {
        out(`ok    ${result.step} (${result.status})`);
      }
      out(`trace ${tracer.traceId} (annotation.synthetic = true)`);
      return 0;
    } catch (error) {
      out(`FAIL  ${(error as Error).message}`);
      out(`trace ${tracer.traceId}`);
      return 1;
    } finally {
      await tracer.finish();
    }
  },
});
