import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  findRouteClashes,
  resources as sharedResources,
  type ResourcesSpec,
} from '@traced-social/manifest';
import { startCollector, type Collector } from '@traced-social/trace-collector';
import { newTraceId } from '@traced-social/trace-model';
import { startApiServer } from './api-gateway/api-server';
import { RouteTable, type Route } from './api-gateway/routes';
import { discoverApps, type LoadedApp } from './apps/discover-apps';
import { dataDirLayout } from './config/data-dir';
import { acquireInstanceLock } from './config/instance-lock';
import { localJwtSecret } from './config/jwt-secret';
import { assertPortsFree, resolvePorts, type PortsOption } from './config/ports';
import { findWorkspaceRoot } from './config/workspace';
import { startDynamoDbProxy } from './dynamodb/proxy';
import { TableStreams, type TableStreamTarget } from './dynamodb/table-streams';
import { DynamoWire } from './dynamodb/wire';
import { LOCAL_CREDENTIALS, localKinesisClient } from './emulators/clients';
import { startDynalite } from './emulators/dynalite';
import { startKinesalite } from './emulators/kinesalite';
import { resolveRedis } from './emulators/redis';
import { startS3rver } from './emulators/s3rver';
import { Checkpoints } from './event-sources/checkpoints';
import { DeadLetters } from './event-sources/dead-letters';
import { StreamEventSource } from './event-sources/stream-event-source';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  functionEnvironment,
} from './lambda/function-environment';
import type { InvokeOutcome } from './lambda/function-instance';
import { HandlerBundle } from './lambda/handler-bundle';
import { LocalFunction, type SegmentSink } from './lambda/local-function';
import { buildWorkerRuntime } from './lambda/runtime-file';
import { ACCOUNT_ID, physicalNames, type PhysicalNames } from './resources/physical-names';
import { provisionResources } from './resources/provision';
import { ScheduledRule } from './schedules/scheduler';

export interface LocalCloudOptions {
  /** Default: the nearest directory above the current one holding nx.json. */
  workspaceRoot?: string;
  /** Where all state lives (default `<workspaceRoot>/.local`). */
  dataDir?: string;
  /** Wipe the data directory first. */
  reset?: boolean;
  /** Interface every server binds to (default 127.0.0.1). */
  host?: string;
  /** `'random'` for free ports (tests), or ports to override the defaults (3000, 2000, ...). */
  ports?: PortsOption;
  /** The apps to serve (default: every `apps/<name>/src/manifest.ts`). */
  apps?: LoadedApp[];
  /** Default: REDIS_URL, else 127.0.0.1:6379 if it answers, else a redis-server started here. */
  redisUrl?: string;
  region?: string;
  stage?: string;
  /** `TRACING_BACKEND` of every function (default `xray`). */
  tracingBackend?: 'xray' | 'otel';
  /** Per-app exceptions to `tracingBackend` (manifest `app` → backend). */
  tracingByApp?: Record<string, 'xray' | 'otel'>;
  /** Request, function output and event-source lines (default: nowhere). */
  log?: (line: string) => void;
  /** Start-up progress lines (default: nowhere). */
  progress?: (line: string) => void;
}

export interface LocalCloudEndpoints {
  api: string;
  /** The X-Ray API and the trace viewer. */
  collector: string;
  /** `host:port` of the collector's UDP listener (AWS_XRAY_DAEMON_ADDRESS). */
  daemonAddress: string;
  dynamodb: string;
  kinesis: string;
  s3: string;
  redis: string;
}

export interface LocalCloud {
  apiUrl: string;
  endpoints: LocalCloudEndpoints;
  collector: Collector;
  /** Environment for a client of the local cloud (AWS SDK endpoints, region, credentials, names). */
  env: Record<string, string>;
  names: PhysicalNames;
  dataDir: string;
  functions: ReadonlyMap<string, LocalFunction>;
  /** What is served, for the banner: each route and each event source with its function. */
  routes: Array<{ method: string; path: string; functionName: string }>;
  eventSources: Array<{ source: string; functionName: string }>;
  /**
   * Invokes a function directly, as `aws lambda invoke` would (a trace of its own): for scheduled
   * functions in tests, or anything without a trigger to fire.
   */
  invoke(functionName: string, event: unknown): Promise<InvokeOutcome>;
  /** The dead-letter file of a function's event sources. */
  deadLetterFile(functionName: string): string;
  /** Where Redis came from, for the banner. */
  redisSource: string;
  stop(): Promise<void>;
}

/** REST API names as the CDK stacks give them: `traced-social-<stage>-<app>`. */
export const restApiName = (stage: string, app?: string): string =>
  ['traced-social', stage, app].filter(Boolean).join('-');

/**
 * Starts the whole backend on this machine: emulators, the DynamoDB proxy, the trace collector,
 * every app's functions behind the local API Gateway, and their event sources. Resolves when all
 * of it accepts requests; `stop()` ends all of it.
 */
export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<LocalCloud> {
  const workspaceRoot = options.workspaceRoot ?? findWorkspaceRoot();
  const layout = dataDirLayout(resolve(options.dataDir ?? join(workspaceRoot, '.local')));
  const host = options.host ?? '127.0.0.1';
  const ports = resolvePorts(options.ports);
  const region = options.region ?? 'us-east-1';
  const stage = options.stage ?? 'local';
  const log = options.log ?? (() => undefined);
  const progress = options.progress ?? (() => undefined);
  const names = physicalNames(stage, region);
  const resources: ResourcesSpec = sharedResources;
  const stack: Array<() => Promise<void> | void> = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stack.reverse()) {
      try {
        await stop();
      } catch (error) {
        log(`while stopping: ${String(error)}`);
      }
    }
    stack.length = 0;
  };

  const releaseLock = acquireInstanceLock(layout.lockFile);
  try {
    stack.push(releaseLock);
    if (options.reset) {
      progress(`Resetting ${layout.root}`);
      wipeDataDir(layout.root, layout.lockFile);
    }
    mkdirSync(layout.root, { recursive: true });
    await assertPortsFree(host, ports);

    const apps = options.apps ?? discoverApps(workspaceRoot);
    const clashes = findRouteClashes(apps.map((a) => a.manifest));
    if (clashes.length) throw new Error(`Routes declared twice:\n- ${clashes.join('\n- ')}`);

    progress('Starting the trace collector');
    const collector = await startCollector({
      host,
      port: ports.collector,
      persistFile: layout.traces,
      log,
    });
    stack.push(() => collector.close());
    const sink: SegmentSink = (document) => {
      const result = collector.ingest(document);
      if (!result.ok)
        log(`collector refused a segment of ${document.name}: ${result.errors.join('; ')}`);
    };

    progress('Starting DynamoDB (dynalite), Kinesis (kinesalite), S3 (s3rver)');
    const dynalite = await startDynalite(host, 0, layout.dynamodb);
    stack.push(() => dynalite.stop());
    const kinesalite = await startKinesalite(host, ports.kinesis, layout.kinesis);
    stack.push(() => kinesalite.stop());
    const s3 = await startS3rver(
      host,
      ports.s3,
      layout.s3,
      Object.entries(resources.buckets).map(([logical, spec]) => ({
        name: names.bucket(logical),
        corsUploads: spec.corsUploads,
      })),
    );
    stack.push(() => s3.stop());

    progress('Finding Redis');
    const redis = await resolveRedis({
      explicitUrl: options.redisUrl ?? process.env.REDIS_URL,
      host,
    });
    stack.push(() => redis.stop());

    progress('Creating tables and streams');
    const kinesis = localKinesisClient(kinesalite.endpoint, region);
    stack.push(() => kinesis.destroy());
    const wire = new DynamoWire(dynalite.endpoint);
    await provisionResources(resources, names, wire, kinesis);

    const streamTargets = new Map<string, TableStreamTarget>();
    for (const [logical, spec] of Object.entries(resources.tables)) {
      if (!spec.stream) continue;
      streamTargets.set(names.table(logical), {
        viewType: spec.stream,
        region,
        streamArn: names.tableStreamArn(logical),
        kinesisStream: names.tableStream(logical),
      });
    }
    const tableStreams = new TableStreams(
      streamTargets,
      kinesis,
      join(layout.deadLetters, 'dynamodb-streams-undelivered.jsonl'),
      log,
    );
    const proxy = await startDynamoDbProxy({
      host,
      port: ports.dynamodb,
      dynalite: wire,
      streams: tableStreams,
    });
    stack.push(() => proxy.stop());

    progress(
      `Preparing ${apps.reduce((n, a) => n + a.manifest.functions.length, 0)} functions of ${apps.length} apps`,
    );
    const runtimeFile = await buildWorkerRuntime(layout.runtime);
    const shared = {
      region,
      stage,
      names,
      endpoints: { dynamodb: proxy.endpoint, kinesis: kinesalite.endpoint, s3: s3.endpoint },
      daemonAddress: collector.udpAddress,
      collectorUrl: collector.url,
      redisUrl: redis.url,
      jwtSecret: localJwtSecret(layout.jwtSecretFile),
      tracingBackend: options.tracingBackend ?? 'xray',
    };
    const functions = new Map<string, LocalFunction>();
    const routes: Array<Route<LocalFunction>> = [];
    const sourceList: LocalCloud['eventSources'] = [];
    const schedules: ScheduledRule[] = [];
    const eventSources: StreamEventSource[] = [];
    const checkpoints = new Checkpoints(layout.checkpoints);
    const deadLetters = new DeadLetters(layout.deadLetters);
    stack.push(async () => {
      schedules.forEach((s) => s.stop());
      await Promise.all(eventSources.map((s) => s.stop()));
      await Promise.all([...functions.values()].map((f) => f.stop()));
    });

    for (const app of apps) {
      for (const spec of app.manifest.functions) {
        const functionName = `${app.manifest.app}-${spec.name}`;
        const bundleDir = join(layout.bundles, app.manifest.app, spec.name);
        const fn = new LocalFunction(
          {
            app: app.manifest.app,
            functionName,
            functionArn: `arn:aws:lambda:${region}:${ACCOUNT_ID}:function:${functionName}`,
            region,
            memoryMb: spec.memoryMb ?? DEFAULT_MEMORY_MB,
            timeoutMs: (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
            env: {
              ...functionEnvironment(shared, app.manifest.service, functionName, spec, bundleDir),
              TRACING_BACKEND: options.tracingByApp?.[app.manifest.app] ?? shared.tracingBackend,
            },
            runtimeFile,
          },
          new HandlerBundle(join(app.root, spec.entry), bundleDir, workspaceRoot, log),
          sink,
          log,
        );
        functions.set(functionName, fn);
        const trigger = spec.trigger;
        if (trigger.type === 'api')
          routes.push({ method: trigger.method, path: trigger.path, target: fn });
        if (trigger.type === 'kinesis' || trigger.type === 'dynamodb-stream') {
          const isKinesis = trigger.type === 'kinesis';
          const logical = isKinesis ? trigger.stream : trigger.table;
          sourceList.push({
            source: isKinesis ? `${logical} (Kinesis)` : `${logical} (DynamoDB stream)`,
            functionName,
          });
          eventSources.push(
            new StreamEventSource(
              {
                fn,
                kind: isKinesis ? 'kinesis' : 'dynamodb',
                kinesisStream: isKinesis ? names.stream(logical) : names.tableStream(logical),
                eventSourceArn: isKinesis
                  ? names.streamArn(logical)
                  : names.tableStreamArn(logical),
                region,
                batchSize: trigger.batchSize ?? 100,
                startingPosition: trigger.startingPosition ?? 'TRIM_HORIZON',
                delivery: {
                  maxRetries: trigger.maxRetries ?? DEFAULT_MAX_RETRIES,
                  bisectBatchOnError: trigger.bisectBatchOnError ?? false,
                  backoffMs: (attempt) => 100 * attempt,
                },
                pollIntervalMs: 200,
              },
              kinesis,
              checkpoints,
              deadLetters,
              log,
            ),
          );
        }
        if (trigger.type === 'schedule') {
          schedules.push(new ScheduledRule(fn, trigger.expression, region));
          sourceList.push({ source: `schedule ${trigger.expression}`, functionName });
        }
      }
    }

    progress('Starting event sources');
    for (const source of eventSources) await source.start();
    schedules.forEach((s) => s.start());

    progress('Starting the API');
    const api = await startApiServer({
      host,
      port: ports.api,
      routes: new RouteTable(routes),
      api: (app) => ({ name: restApiName(stage, app), id: app ? `local-${app}` : 'local' }),
      stage,
      region,
      sink,
      log,
      traceUrl: (traceId) => `${collector.url}/#/trace/${traceId}`,
    });
    stack.push(() => api.stop());

    const endpoints: LocalCloudEndpoints = {
      api: api.url,
      collector: collector.url,
      daemonAddress: collector.udpAddress,
      dynamodb: proxy.endpoint,
      kinesis: kinesalite.endpoint,
      s3: s3.endpoint,
      redis: redis.url,
    };
    return {
      apiUrl: api.url,
      endpoints,
      collector,
      env: clientEnvironment(endpoints, region, names, resources),
      names,
      dataDir: layout.root,
      functions,
      routes: routes.map((r) => ({
        method: r.method,
        path: r.path,
        functionName: r.target.config.functionName,
      })),
      eventSources: sourceList,
      deadLetterFile: (functionName) => deadLetters.fileFor(functionName),
      invoke: (functionName, event) => {
        const fn = functions.get(functionName);
        if (!fn)
          throw new Error(
            `No function ${functionName}; there are: ${[...functions.keys()].join(', ')}`,
          );
        return fn.invoke(event, { traceId: newTraceId(), sampled: true });
      },
      redisSource: redis.source,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Removes all state but the lock file this process holds. */
function wipeDataDir(root: string, lockFile: string): void {
  for (const entry of readdirSync(root)) {
    const path = join(root, entry);
    if (path !== lockFile) rmSync(path, { recursive: true, force: true });
  }
}

/** Retries of a failed stream batch when the trigger does not say. */
export const DEFAULT_MAX_RETRIES = 3;

function clientEnvironment(
  endpoints: LocalCloudEndpoints,
  region: string,
  names: PhysicalNames,
  resources: ResourcesSpec,
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_XRAY: endpoints.collector,
    REDIS_URL: endpoints.redis,
  };
  for (const t of Object.keys(resources.tables)) env[`TABLE_${t.toUpperCase()}`] = names.table(t);
  for (const s of Object.keys(resources.streams))
    env[`STREAM_${s.toUpperCase()}`] = names.stream(s);
  for (const b of Object.keys(resources.buckets))
    env[`BUCKET_${b.toUpperCase()}`] = names.bucket(b);
  return env;
}
