import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_TRACES,
  DEFAULT_OTLP_GRPC_PORT,
  DEFAULT_OTLP_PORT,
  DEFAULT_PORT,
  startCollector,
} from '../collector';

const USAGE = `Usage: npm run collector -- [--port ${DEFAULT_PORT}] [--otlp-port ${DEFAULT_OTLP_PORT}] [--otlp-grpc-port ${DEFAULT_OTLP_GRPC_PORT}] [--host 127.0.0.1] [--persist traces.jsonl] [--max-traces ${DEFAULT_MAX_TRACES}]`;

// `npm run collector -- --port 2000 [--persist file]`: the collector on its own, until Ctrl-C.
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: String(DEFAULT_PORT) },
      'otlp-port': { type: 'string', default: String(DEFAULT_OTLP_PORT) },
      'otlp-grpc-port': { type: 'string', default: String(DEFAULT_OTLP_GRPC_PORT) },
      host: { type: 'string', default: '127.0.0.1' },
      persist: { type: 'string' },
      'max-traces': { type: 'string', default: String(DEFAULT_MAX_TRACES) },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = portFlag('port', values.port);
  const otlpPort = portFlag('otlp-port', values['otlp-port']);
  const otlpGrpcPort = portFlag('otlp-grpc-port', values['otlp-grpc-port']);
  const maxTraces = Number(values['max-traces']);
  if (!Number.isInteger(maxTraces) || maxTraces < 1)
    throw new Error('--max-traces must be a positive integer');
  const collector = await startCollector({
    host: values.host,
    port,
    otlpPort,
    otlpGrpcPort,
    maxTraces,
    persistFile: values.persist,
    log: (line) => console.error(line),
  });
  console.log(
    [
      'Trace collector running',
      `  UDP (X-Ray daemon)  ${collector.udpAddress}    export AWS_XRAY_DAEMON_ADDRESS=${collector.udpAddress}`,
      `  X-Ray API           ${collector.url}    new XRayClient({ endpoint: '${collector.url}' })`,
      `  Trace viewer        ${collector.url}/`,
      `  OTLP/HTTP traces    ${collector.otlpUrl}/v1/traces (OpenTelemetry SDKs' default port; also ${collector.url}/v1/traces)`,
      `  OTLP/gRPC traces    ${collector.otlpGrpcUrl} (gRPC exporters' default port)`,
      values.persist
        ? `  Persistence         ${values.persist} (${collector.restored.loaded} documents restored); rules and groups made through the API: ${collector.controlPlaneFile}`
        : '  Persistence         off (--persist FILE to keep traces, and rules and groups made through the API, across restarts)',
      `  Keeps the newest ${maxTraces} traces. Ctrl-C to stop.`,
    ].join('\n'),
  );
  const stop = () => {
    void collector.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function portFlag(name: string, value: string | undefined): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--${name}: not a port: ${value}`);
  return port;
}

main().catch((error: Error) => {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(1);
});
