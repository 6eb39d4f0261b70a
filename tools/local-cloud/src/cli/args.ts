import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PORTS, parsePort, PORT_ENV_VARS, type PortSettings } from '../config/ports';
import { SAMPLING_PROFILES, type SamplingProfile } from '@traced-social/xray-config';
import { parseFaults } from '../xray/fault-injection';
import { parseTracingChoice } from './tracing-choice';

export interface CliOptions {
  help: boolean;
  reset: boolean;
  quiet: boolean;
  host: string;
  ports: 'random' | PortSettings;
  dataDir?: string;
  redisUrl?: string;
  /** App directories served besides the discovered `apps/*`. */
  extraApps: string[];
  tracingBackend: 'xray' | 'otel';
  /** Apps whose functions use another backend than `tracingBackend` (`--tracing posts=otel`). */
  tracingByApp: Record<string, 'xray' | 'otel'>;
  /** Which stage's sampling rules the collector starts with (`local`: every request). */
  sampling: SamplingProfile;
  /** Share of invocations that fail, per function name. */
  faults: Record<string, number>;
}

export const USAGE = `Usage: npm start -- [options]

Starts the whole backend locally: every app's routes on a local API Gateway, their event
consumers, DynamoDB, Kinesis, S3 and Redis, and the trace collector with its viewer.

Options (each has an environment variable; flags win):
  --reset                  wipe the data directory (.local/) first
  --api-port <n>           API Gateway              (LOCAL_CLOUD_API_PORT, default ${DEFAULT_PORTS.api})
  --collector-port <n>     viewer, X-Ray API, UDP   (LOCAL_CLOUD_COLLECTOR_PORT, default ${DEFAULT_PORTS.collector})
  --dynamodb-port <n>      DynamoDB                 (LOCAL_CLOUD_DYNAMODB_PORT, default ${DEFAULT_PORTS.dynamodb})
  --kinesis-port <n>       Kinesis                  (LOCAL_CLOUD_KINESIS_PORT, default ${DEFAULT_PORTS.kinesis})
  --s3-port <n>            S3                       (LOCAL_CLOUD_S3_PORT, default ${DEFAULT_PORTS.s3})
  --secrets-port <n>       Secrets Manager          (LOCAL_CLOUD_SECRETS_PORT, default ${DEFAULT_PORTS.secrets})
  --otlp-port <n>          OTLP/HTTP traces         (LOCAL_CLOUD_OTLP_PORT, default ${DEFAULT_PORTS.otlp})
  --otlp-grpc-port <n>     OTLP/gRPC traces         (LOCAL_CLOUD_OTLP_GRPC_PORT, default ${DEFAULT_PORTS.otlpGrpc})
  --ports random           free ports for everything
  --host <ip>              interface to bind        (LOCAL_CLOUD_HOST, default 127.0.0.1)
  --data-dir <dir>         state directory          (LOCAL_CLOUD_DATA_DIR, default .local)
  --redis-url <url>        Redis to use             (REDIS_URL)
  --app <dir>              also serve the app in <dir> (has src/manifest.ts); repeatable
  --tracing xray|otel      tracing backend of every function (LOCAL_CLOUD_TRACING, default xray);
                           per app: --tracing posts=otel, or otel,auth=xray
  --sampling local|dev|prod  sampling rules of that stage (LOCAL_CLOUD_SAMPLING, default local:
                           every request; prod: prod's reservoirs and rates)
  --faults <fn>=<share>    make a function fail that share of its invocations, as a crash would;
                           comma-separated for several (LOCAL_CLOUD_FAULTS), e.g.
                           --faults likes-like-post=0.3
  --quiet                  no request and function log lines
  --help                   this text`;

const PORT_FLAGS: Record<keyof PortSettings, string> = {
  api: 'api-port',
  collector: 'collector-port',
  dynamodb: 'dynamodb-port',
  kinesis: 'kinesis-port',
  s3: 's3-port',
  secrets: 'secrets-port',
  otlp: 'otlp-port',
  otlpGrpc: 'otlp-grpc-port',
};

/** Reads the command line and the environment; a bad value is an error naming the flag. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      reset: { type: 'boolean' },
      quiet: { type: 'boolean' },
      host: { type: 'string' },
      ports: { type: 'string' },
      'data-dir': { type: 'string' },
      'redis-url': { type: 'string' },
      app: { type: 'string', multiple: true },
      tracing: { type: 'string' },
      sampling: { type: 'string' },
      faults: { type: 'string' },
      ...Object.fromEntries(
        Object.values(PORT_FLAGS).map((flag) => [flag, { type: 'string' as const }]),
      ),
    },
  });
  const flag = (name: string): string | undefined =>
    values[name as keyof typeof values] as string | undefined;

  let ports: CliOptions['ports'];
  const portsValue = flag('ports');
  if (portsValue !== undefined && portsValue !== 'random')
    throw new Error(`--ports takes only "random", got "${portsValue}"`);
  if (portsValue === 'random') ports = 'random';
  else {
    const chosen = { ...DEFAULT_PORTS };
    for (const key of Object.keys(PORT_FLAGS) as Array<keyof PortSettings>) {
      const fromFlag = flag(PORT_FLAGS[key]);
      const fromEnv = env[PORT_ENV_VARS[key]];
      if (fromFlag !== undefined) chosen[key] = parsePort(fromFlag, `--${PORT_FLAGS[key]}`);
      else if (fromEnv) chosen[key] = parsePort(fromEnv, PORT_ENV_VARS[key]);
    }
    ports = chosen;
  }

  const tracing = parseTracingChoice(flag('tracing') ?? env.LOCAL_CLOUD_TRACING ?? 'xray');
  const dataDir = flag('data-dir') ?? env.LOCAL_CLOUD_DATA_DIR;
  const sampling = flag('sampling') ?? env.LOCAL_CLOUD_SAMPLING ?? 'local';
  if (!(SAMPLING_PROFILES as string[]).includes(sampling)) {
    throw new Error(`--sampling takes ${SAMPLING_PROFILES.join(', ')}, got "${sampling}"`);
  }
  return {
    help: values.help === true,
    reset: values.reset === true,
    quiet: values.quiet === true,
    host: flag('host') ?? env.LOCAL_CLOUD_HOST ?? '127.0.0.1',
    ports,
    dataDir: dataDir ? resolve(dataDir) : undefined,
    redisUrl: flag('redis-url') ?? env.REDIS_URL,
    extraApps: ((values.app as string[] | undefined) ?? []).map((dir) => resolve(dir)),
    tracingBackend: tracing.backend,
    tracingByApp: tracing.byApp,
    sampling: sampling as SamplingProfile,
    faults: parseFaults(flag('faults') ?? env.LOCAL_CLOUD_FAULTS),
  };
}
