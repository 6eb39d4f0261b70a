import type { Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import type { SegmentDocument } from '@traced-social/trace-model';
import { createRequestListener } from './api/http-api';
import type { CollectorContext } from './api/context';
import { collectorRoutes, otlpRoutes } from './api/routes';
import { Ingestor, type IngestResult } from './ingest/ingestor';
import { listenOtlpGrpc, type OtlpGrpcServer } from './ingest/otlp/otlp-grpc-server';
import { bindUdpReceiver } from './ingest/udp-receiver';
import { GroupStore } from './groups/group-store';
import { LogStore } from './logs/log-store';
import { bindSamePort } from './ports';
import { SamplingRuleStore } from './sampling/rule-store';
import { TargetBroker } from './sampling/targets';
import { StatsCounter, type CollectorStats } from './stats';
import { CONTROL_PLANE_FILE_NAME, ControlPlaneFile } from './store/control-plane-file';
import { JsonLinesPersistence, type LoadResult } from './store/persistence';
import { TraceStore } from './store/trace-store';

export interface CollectorOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** UDP and HTTP on this one number, like the X-Ray daemon (default 2000); 0 picks a free one. */
  port?: number;
  /**
   * Also serve OTLP/HTTP (`POST /v1/traces`, nothing else) on this port: OTLP's default, 4318, is
   * where OpenTelemetry SDKs export with no endpoint set. 0 picks a free one; unset, none.
   */
  otlpPort?: number;
  /**
   * Also serve OTLP/gRPC (`TraceService/Export`, cleartext HTTP/2) on this port: OTLP's default
   * for gRPC exporters is 4317. 0 picks a free one; unset, none.
   */
  otlpGrpcPort?: number;
  /** Traces kept, newest by first arrival (default 10,000). */
  maxTraces?: number;
  /** A JSON-lines file keeping traces across restarts. */
  persistFile?: string;
  /**
   * A JSON file keeping the sampling rules and groups created through the API across restarts
   * (default: `xray-control-plane.json` beside `persistFile`; none without either).
   */
  controlPlaneFile?: string;
  /** Where the collector reports problems (default: nowhere). */
  log?: (line: string) => void;
}

export interface Collector {
  /** `host:port` for `AWS_XRAY_DAEMON_ADDRESS`. */
  readonly udpAddress: string;
  /** `http://host:port`: the X-Ray API endpoint and the trace viewer. */
  readonly url: string;
  readonly port: number;
  /** `http://host:port` of the OTLP port (`otlpPort`), if one was asked for. */
  readonly otlpUrl?: string;
  /** `http://host:port` of the OTLP/gRPC port (`otlpGrpcPort`), if one was asked for. */
  readonly otlpGrpcUrl?: string;
  /** The UDP socket's receive buffer as granted by the kernel (16 MB asked). */
  readonly udpReceiveBufferBytes: number;
  readonly store: TraceStore;
  /** What was loaded from `persistFile` at start. */
  readonly restored: LoadResult;
  /** Where user-made sampling rules and groups are kept, if anywhere. */
  readonly controlPlaneFile?: string;
  /** The sampling rules served by the X-Ray API, and the in-process sampling decision. */
  readonly samplingRules: SamplingRuleStore;
  /** The X-Ray groups served by the API (named filter expressions). */
  readonly groups: GroupStore;
  /**
   * The functions' log lines by trace id (`logs.add(functionName, line)`; the local cloud adds
   * each line its functions write), served at `/viewer/api/logs/<traceId>` beside the trace.
   */
  readonly logs: LogStore;
  stats(): CollectorStats;
  /** Ingests one document in-process, with the same validation as the network paths. */
  ingest(document: SegmentDocument | unknown): IngestResult;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 2000;
/** OTLP/HTTP's default port, where OpenTelemetry SDKs export with no endpoint set. */
export const DEFAULT_OTLP_PORT = 4318;
/** OTLP/gRPC's default port, where gRPC exporters export with no endpoint set. */
export const DEFAULT_OTLP_GRPC_PORT = 4317;
export const DEFAULT_MAX_TRACES = 10_000;

export async function startCollector(options: CollectorOptions = {}): Promise<Collector> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const store = new TraceStore(options.maxTraces ?? DEFAULT_MAX_TRACES);
  const counter = new StatsCounter();
  const ingestor = new Ingestor(store, counter);
  const stats = () => counter.snapshot(store.size);

  const persistence = options.persistFile
    ? new JsonLinesPersistence(options.persistFile, (error) =>
        log(`trace collector: persistence to ${options.persistFile} stopped: ${error.message}`),
      )
    : undefined;
  let restored: LoadResult = { loaded: 0, skipped: 0 };
  if (persistence) {
    restored = await persistence.load((document, receivedAt) => store.add(document, receivedAt));
    if (restored.skipped)
      log(`trace collector: skipped ${restored.skipped} unreadable lines of ${persistence.file}`);
    await persistence.rewrite(persistedLines(store));
    ingestor.onAccepted((document, receivedAt) => persistence.append(document, receivedAt));
  }

  const samplingRules = new SamplingRuleStore();
  const groups = new GroupStore();
  const controlPlaneFile =
    options.controlPlaneFile ??
    (options.persistFile && join(dirname(options.persistFile), CONTROL_PLANE_FILE_NAME));
  const savedControlPlane = controlPlaneFile
    ? await keepControlPlane(new ControlPlaneFile(controlPlaneFile), samplingRules, groups, log)
    : undefined;
  const logs = new LogStore();
  const context: CollectorContext = {
    store,
    ingestor,
    stats,
    samplingRules,
    samplingTargets: new TargetBroker(samplingRules),
    groups,
    logs,
  };
  const listener = createRequestListener(collectorRoutes, context, log);
  const { server, socket, port } = await bindSamePort(
    host,
    options.port ?? DEFAULT_PORT,
    (p) => listenHttp(createServer(listener), host, p),
    (p) => bindUdpReceiver(host, p, ingestor, log),
  );
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  let otlpServer: Server | undefined;
  let otlpGrpc: OtlpGrpcServer | undefined;
  try {
    if (options.otlpPort !== undefined) {
      otlpServer = await listenHttp(
        createServer(createRequestListener(otlpRoutes, context, log)),
        host,
        options.otlpPort,
      ).catch((error: Error) => {
        throw new Error(`could not serve OTLP on ${host}:${options.otlpPort}: ${error.message}`);
      });
    }
    if (options.otlpGrpcPort !== undefined) {
      otlpGrpc = await listenOtlpGrpc(ingestor, host, options.otlpGrpcPort, log).catch(
        (error: Error) => {
          throw new Error(
            `could not serve OTLP/gRPC on ${host}:${options.otlpGrpcPort}: ${error.message}`,
          );
        },
      );
    }
  } catch (error) {
    // Nothing of a collector that did not start stays bound.
    await closeHttp(otlpServer);
    await shutdown(server, socket, store, persistence);
    throw error;
  }
  const otlpAddress = otlpServer?.address();
  let closed: Promise<void> | undefined;

  return {
    udpAddress: `${hostInUrl}:${port}`,
    url: `http://${hostInUrl}:${port}`,
    port,
    otlpUrl:
      typeof otlpAddress === 'object' && otlpAddress
        ? `http://${hostInUrl}:${otlpAddress.port}`
        : undefined,
    otlpGrpcUrl: otlpGrpc ? `http://${hostInUrl}:${otlpGrpc.port}` : undefined,
    udpReceiveBufferBytes: socket.getRecvBufferSize(),
    store,
    restored,
    controlPlaneFile: controlPlaneFile || undefined,
    samplingRules,
    groups,
    logs,
    stats,
    ingest: (document) => ingestor.ingestDocument(document, 'in-process'),
    close: () =>
      (closed ??= Promise.all([closeHttp(otlpServer), otlpGrpc?.close()])
        .then(() => shutdown(server, socket, store, persistence))
        .then(() => savedControlPlane?.flush())),
  };
}

function listenHttp(server: Server, host: string, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

/**
 * Restores the user-made rules and groups an earlier run saved (one that no longer fits is
 * reported and dropped), then saves them again after every change.
 */
async function keepControlPlane(
  file: ControlPlaneFile,
  samplingRules: SamplingRuleStore,
  groups: GroupStore,
  log: (line: string) => void,
): Promise<ControlPlaneFile> {
  const saved = await file.load();
  const restore = <T>(items: T[], what: (item: T) => string, put: (item: T) => void) => {
    for (const item of items) {
      try {
        put(item);
      } catch (error) {
        log(`trace collector: dropped ${what(item)} of ${file.file}: ${(error as Error).message}`);
      }
    }
  };
  restore(
    saved.samplingRules,
    (r) => `sampling rule ${r.SamplingRule?.RuleName}`,
    (r) => samplingRules.restore(r),
  );
  restore(
    saved.groups,
    (g) => `group ${g.GroupName}`,
    (g) => groups.restore(g),
  );
  const save = () =>
    file.save({ samplingRules: samplingRules.userMadeRecords(), groups: groups.userMadeGroups() });
  samplingRules.userMade.onChange(save);
  groups.userMade.onChange(save);
  return file;
}

function* persistedLines(store: TraceStore) {
  for (const traceId of store.traceIds()) {
    const receivedAt = store.info(traceId)?.firstReceived ?? Date.now();
    for (const document of store.documents(traceId)) yield { receivedAt, document };
  }
}

async function closeHttp(server: Server | undefined): Promise<void> {
  if (!server) return;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function shutdown(
  server: Server,
  socket: Socket,
  store: TraceStore,
  persistence: JsonLinesPersistence | undefined,
): Promise<void> {
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  await closeHttp(server);
  store.dispose();
  if (persistence) {
    await persistence.close();
    await persistence.rewrite(persistedLines(store));
  }
}
