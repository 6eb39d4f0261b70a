import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runCanaryFlow, type CanaryApis, type SyntheticUser } from './canary-flow';
import { DaemonTracer } from './daemon-tracer';

/** Environment the canary stack sets: each app's API URL and the synthetic user's secret. */
export const CANARY_ENV = {
  apis: {
    auth: 'API_URL_AUTH',
    posts: 'API_URL_POSTS',
    feed: 'API_URL_FEED',
    likes: 'API_URL_LIKES',
  },
  userSecretArn: 'CANARY_USER_SECRET_ARN',
} as const;

const required = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

/**
 * The CloudWatch Synthetics entry point (bundled by the canary stack; the runtime provides the
 * AWS SDK). Active tracing gives the canary an X-Ray daemon: the run's own segment, annotated
 * `synthetic = true`, goes there, and the backend continues its trace. A thrown error fails
 * the run (the canary's SuccessPercent metric, alarmed on).
 */
export const handler = async (): Promise<string> => {
  const apis = Object.fromEntries(
    Object.entries(CANARY_ENV.apis).map(([app, name]) => [app, required(name)]),
  ) as CanaryApis;
  const secret = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: required(CANARY_ENV.userSecretArn) }),
  );
  const user = JSON.parse(secret.SecretString ?? '{}') as SyntheticUser;
  const tracer = new DaemonTracer(process.env.AWS_XRAY_DAEMON_ADDRESS ?? '127.0.0.1:2000');
  try {
    const steps = await runCanaryFlow(apis, user, tracer);
    return `${steps.length} steps, trace ${tracer.traceId}`;
  } finally {
    await tracer.finish();
  }
};
