import { createServer } from 'node:net';
import { DEFAULT_OTLP_GRPC_PORT, DEFAULT_OTLP_PORT } from '@traced-social/trace-collector';

/** The ports the local cloud listens on. The collector's UDP and HTTP share one number. */
export interface PortSettings {
  api: number;
  collector: number;
  dynamodb: number;
  kinesis: number;
  s3: number;
  /** Secrets Manager (the access-token keys). */
  secrets: number;
  /** The collector's OTLP/HTTP receiver on OTLP's default port, for OpenTelemetry SDKs as set up. */
  otlp: number;
  /** The collector's OTLP/gRPC receiver on gRPC exporters' default port. */
  otlpGrpc: number;
}

export const DEFAULT_PORTS: PortSettings = {
  api: 3000,
  collector: 2000,
  dynamodb: 8000,
  kinesis: 4567,
  s3: 4568,
  secrets: 4569,
  otlp: DEFAULT_OTLP_PORT,
  otlpGrpc: DEFAULT_OTLP_GRPC_PORT,
};

/** Environment variables that override each default port (flags override these). */
export const PORT_ENV_VARS: Record<keyof PortSettings, string> = {
  api: 'LOCAL_CLOUD_API_PORT',
  collector: 'LOCAL_CLOUD_COLLECTOR_PORT',
  dynamodb: 'LOCAL_CLOUD_DYNAMODB_PORT',
  kinesis: 'LOCAL_CLOUD_KINESIS_PORT',
  s3: 'LOCAL_CLOUD_S3_PORT',
  secrets: 'LOCAL_CLOUD_SECRETS_PORT',
  otlp: 'LOCAL_CLOUD_OTLP_PORT',
  otlpGrpc: 'LOCAL_CLOUD_OTLP_GRPC_PORT',
};

/** `'random'` picks free ports (tests); `0` for one port means "any free port" too. */
export type PortsOption = 'random' | Partial<PortSettings>;

export function resolvePorts(option: PortsOption | undefined): PortSettings {
  if (option === 'random')
    return {
      api: 0,
      collector: 0,
      dynamodb: 0,
      kinesis: 0,
      s3: 0,
      secrets: 0,
      otlp: 0,
      otlpGrpc: 0,
    };
  return { ...DEFAULT_PORTS, ...option };
}

export function parsePort(value: string, what: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${what} must be a port number between 0 and 65535, got "${value}"`);
  }
  return port;
}

/** Whether something already listens on a TCP port (to report a clash before starting). */
export async function isPortTaken(host: string, port: number): Promise<boolean> {
  if (port === 0) return false;
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, host, () => server.close(() => resolve(false)));
  });
}

/** Fails with a message naming the port, its use and how to change it, when one is taken. */
export async function assertPortsFree(host: string, ports: PortSettings): Promise<void> {
  for (const [use, port] of Object.entries(ports) as Array<[keyof PortSettings, number]>) {
    if (await isPortTaken(host, port)) {
      throw new Error(
        `Port ${port} (${use}) on ${host} is in use by another program. Choose another with --${use}-port or ${PORT_ENV_VARS[use]}.`,
      );
    }
  }
}
