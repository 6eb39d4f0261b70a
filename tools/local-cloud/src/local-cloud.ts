import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveRedis } from '@traced-social/local-redis';
import {
  findRouteClashes,
  resources as sharedResources,
  type ResourcesSpec,
} from '@traced-social/manifest';
import { startCollector, type Collector } from '@traced-social/trace-collector';
import { newTraceId } from '@traced-social/trace-model';
import { restApiName, type SamplingProfile } from '@traced-social/xray-config';
import { startApiServer } from './api-gateway/api-server';
import { RouteTable } from './api-gateway/routes';
import { AppFunctions } from './apps/app-functions';
import { discoverApps, type LoadedApp } from './apps/discover-apps';
import { serveAppChanges } from './apps/serve-app-changes';
import { dataDirLayout } from './config/data-dir';
import { acquireInstanceLock } from './config/instance-lock';
import { provisionAccessTokenKeys } from './config/access-token-keys';
import { assertPortsFree, resolvePorts, type PortsOption } from './config/ports';
import { findWorkspaceRoot } from './config/workspace';
import { startDynamoDbProxy } from './dynamodb/proxy';
import { streamTargetsOf, TableStreams } from './dynamodb/table-streams';
import { DynamoWire } from './dynamodb/wire';
import { LOCAL_CREDENTIALS, localKinesisClient } from './emulators/clients';
import { startDynalite } from './emulators/dynalite';
import { startKinesalite } from './emulators/kinesalite';
import { startS3rver } from './emulators/s3rver';
import { startSecretsManager, type LocalSecretsManager } from './emulators/secrets-manager';
import { Checkpoints } from './event-sources/checkpoints';
import { DeadLetters } from './event-sources/dead-letters';
import type { InvokeOutcome } from './lambda/function-instance';
import type { LocalFunction, SegmentSink } from './lambda/local-function';
import { buildWorkerRuntime } from './lambda/runtime-file';
import { physicalNames, type PhysicalNames } from './resources/physical-names';
import { provisionResources } from './resources/provision';
import { checkFaultTargets } from './xray/fault-injection';
import { applyXrayPlan } from './xray/xray-plan';

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
  /**
   * A directory of apps (`<dir>/<name>/src/manifest.ts`) watched while running: a manifest added
   * or changed there is served at once, new routes, handlers and apps included (`npm start`
   * passes `<workspace>/apps`). Default: none.
   */
  watchApps?: string;
  /**
   * Rebuild a function's bundle on its next invocation when one of its sources changed (default
   * true: `npm start` serves every edit at once). False keeps the bundles built at start: a load
   * or a test then runs the code it started with, and an edit made meanwhile in a shared working
   * tree does not stall requests behind a rebuild (decision 1431).
   */
  reloadChangedSources?: boolean;
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
  /** Sampling rules loaded at start: `local` (every request; default) or a stage's (`prod`). */
  sampling?: SamplingProfile;
  /** Share of invocations that fail, per function name (`--faults likes-like-post=0.3`). */
  faults?: Record<string, number>;
}

export interface LocalCloudEndpoints {
  api: string;
  /** The X-Ray API and the trace viewer. */
  collector: string;
  /** `host:port` of the collector's UDP listener (AWS_XRAY_DAEMON_ADDRESS). */
  daemonAddress: string;
  /** The collector's OTLP/HTTP traces endpoint on OTLP's default port (`…/v1/traces`). */
  otlpTraces: string;
  /** The collector's OTLP/gRPC endpoint on gRPC exporters' default port. */
  otlpGrpc: string;
  dynamodb: string;
  /**
   * dynalite itself, behind the proxy: writes here make no stream records. For seeding data no
   * consumer should see as new (a load's 100,000 follow edges, counted in the profile already).
   */
  dynamodbWithoutStreams: string;
  kinesis: string;
  s3: string;
  /** Secrets Manager, holding the access-token keys. */
  secretsManager: string;
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
  /** The local Secrets Manager (the access-token key secrets, `accessTokenSecretNames(stage)`). */
  secrets: LocalSecretsManager;
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
export { restApiName };

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
      otlpPort: ports.otlp,
      otlpGrpcPort: ports.otlpGrpc,
      persistFile: layout.traces,
      log,
    });
    stack.push(() => collector.close());
    const sampling = options.sampling ?? 'local';
    const plan = applyXrayPlan(
      collector,
      apps.map((a) => a.manifest),
      stage,
      sampling,
    );
    progress(`Sampling rules (${sampling}): ${plan.samplingRules}; X-Ray groups: ${plan.groups}`);
    const sink: SegmentSink = (document) => {
      const result = collector.ingest(document);
      if (!result.ok)
        log(`collector refused a segment of ${document.name}: ${result.errors.join('; ')}`);
    };

    progress('Starting DynamoDB (dynalite), Kinesis (kinesalite), S3 (s3rver), Secrets Manager');
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
    const secrets = await startSecretsManager(host, ports.secrets, layout.secretsFile, region);
    stack.push(() => secrets.stop());

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

    const tableStreams = new TableStreams(
      streamTargetsOf(resources, names, region),
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
      endpoints: {
        dynamodb: proxy.endpoint,
        kinesis: kinesalite.endpoint,
        s3: s3.endpoint,
        secretsManager: secrets.endpoint,
      },
      daemonAddress: collector.udpAddress,
      collectorUrl: collector.url,
      redisUrl: redis.url,
      accessTokenKeys: await provisionAccessTokenKeys(secrets, stage),
      tracingBackend: options.tracingBackend ?? 'xray',
      samplingProfile: sampling,
    };
    const deadLetters = new DeadLetters(layout.deadLetters);
    const appFunctions = new AppFunctions(apps, {
      shared,
      workspaceRoot,
      bundlesDir: layout.bundles,
      runtimeFile,
      tracingByApp: options.tracingByApp ?? {},
      kinesis,
      checkpoints: new Checkpoints(layout.checkpoints),
      deadLetters,
      sink,
      log,
      reloadChangedSources: options.reloadChangedSources ?? true,
      // Log lines beside traces: the viewer shows a trace's lines under its waterfall.
      functionOutput: (functionName, line) => collector.logs.add(functionName, line),
    });
    stack.push(() => appFunctions.stop());
    progress('Bundling the functions');
    const bundling = await appFunctions.prebuild();
    progress(
      `Bundles ready in ${bundling.ms} ms (${bundling.reused} unchanged since the last start, ${bundling.built} built${bundling.failed ? `, ${bundling.failed} failed: they report why when called` : ''})`,
    );
    const { functions } = appFunctions;
    const faults = options.faults ?? {};
    checkFaultTargets(faults, [...functions.keys()]);
    for (const [name, rate] of Object.entries(faults)) {
      const fn = functions.get(name);
      if (fn) fn.faultRate = rate;
    }

    progress('Starting event sources');
    await appFunctions.startTriggers();

    progress('Starting the API');
    const routeTable = new RouteTable(appFunctions.routes);
    const api = await startApiServer({
      host,
      port: ports.api,
      routes: routeTable,
      api: (app) => ({ name: restApiName(stage, app), id: app ? `local-${app}` : 'local' }),
      stage,
      region,
      sink,
      log,
      traceUrl: (traceId) => `${collector.url}/#/trace/${traceId}`,
      sample: (request) => collector.samplingRules.decide(request).sampled,
    });
    stack.push(() => api.stop());
    if (options.watchApps) {
      const changes = serveAppChanges({
        appsDir: options.watchApps,
        apps,
        workspaceRoot,
        appFunctions,
        routeTable,
        log,
      });
      stack.push(() => changes.close());
    }

    const endpoints: LocalCloudEndpoints = {
      api: api.url,
      collector: collector.url,
      daemonAddress: collector.udpAddress,
      otlpTraces: `${collector.otlpUrl ?? collector.url}/v1/traces`,
      otlpGrpc: collector.otlpGrpcUrl ?? '',
      dynamodb: proxy.endpoint,
      dynamodbWithoutStreams: dynalite.endpoint,
      kinesis: kinesalite.endpoint,
      s3: s3.endpoint,
      secretsManager: secrets.endpoint,
      redis: redis.url,
    };
    return {
      apiUrl: api.url,
      endpoints,
      collector,
      env: clientEnvironment(endpoints, region, names, resources),
      names,
      dataDir: layout.root,
      secrets,
      functions,
      // Read when asked: a watched manifest may have changed them since the start.
      get routes() {
        return appFunctions.routes.map((r) => ({
          method: r.method,
          path: r.path,
          functionName: r.target.config.functionName,
        }));
      },
      get eventSources() {
        return [...appFunctions.sourceList];
      },
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
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager,
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
