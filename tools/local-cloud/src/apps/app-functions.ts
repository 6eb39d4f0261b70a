import { join } from 'node:path';
import type { BundledTracingBackend, FunctionSpec, Trigger } from '@traced-social/manifest';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import type { Route } from '../api-gateway/routes';
import type { Checkpoints } from '../event-sources/checkpoints';
import type { DeadLetters } from '../event-sources/dead-letters';
import { StreamEventSource } from '../event-sources/stream-event-source';
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  functionEnvironment,
  type SharedEnvironment,
} from '../lambda/function-environment';
import { HandlerBundle } from '../lambda/handler-bundle';
import { prebuildBundles, type PrebuildReport } from '../lambda/prebuild-bundles';
import { LocalFunction, type SegmentSink } from '../lambda/local-function';
import { ACCOUNT_ID } from '../resources/physical-names';
import { ScheduledRule } from '../schedules/scheduler';
import type { LoadedApp } from './discover-apps';

/** Retries of a failed stream batch when the trigger does not say. */
export const DEFAULT_MAX_RETRIES = 3;

export interface AppFunctionsDeps {
  shared: SharedEnvironment;
  workspaceRoot: string;
  bundlesDir: string;
  runtimeFile: string;
  /** Per-app exceptions to `shared.tracingBackend`. */
  tracingByApp: Record<string, BundledTracingBackend>;
  kinesis: KinesisClient;
  checkpoints: Checkpoints;
  deadLetters: DeadLetters;
  sink: SegmentSink;
  log: (line: string) => void;
  /** Rebuild a bundle when one of its sources changed (default true); false keeps the first build. */
  reloadChangedSources?: boolean;
  /** Each line a function writes, with the function's name (the collector keeps them by trace). */
  functionOutput?: (functionName: string, line: string) => void;
}

/** What serves one function: the function and its trigger (a route, a stream source or a schedule). */
interface ServedFunction {
  app: string;
  root: string;
  /** The manifest entry as JSON: a changed entry is served anew. */
  specJson: string;
  fn: LocalFunction;
  bundle: HandlerBundle;
  route?: Route<LocalFunction>;
  source?: StreamEventSource;
  schedule?: ScheduledRule;
  sourceLine?: { source: string; functionName: string };
}

/** What `replaceApp` changed, by function name. */
export interface AppChange {
  added: string[];
  removed: string[];
}

/** Every function of the apps, with what triggers each: routes, stream sources, schedules. */
export class AppFunctions {
  readonly functions = new Map<string, LocalFunction>();
  readonly routes: Array<Route<LocalFunction>> = [];
  readonly streamSources: StreamEventSource[] = [];
  readonly schedules: ScheduledRule[] = [];
  /** Each event source as the banner shows it. */
  readonly sourceList: Array<{ source: string; functionName: string }> = [];
  private readonly served = new Map<string, ServedFunction>();
  private triggersStarted = false;

  constructor(
    apps: LoadedApp[],
    private readonly deps: AppFunctionsDeps,
  ) {
    for (const app of apps) {
      for (const spec of app.manifest.functions) this.add(app, spec);
    }
  }

  /** Every function's bundle, built or reused from the last start, before the first request. */
  prebuild(): Promise<PrebuildReport> {
    return prebuildBundles(
      [...this.served.values()].map((s) => s.bundle),
      this.deps.workspaceRoot,
    );
  }

  /** Starts the event sources; resolves once each has its starting position in every shard. */
  async startTriggers(): Promise<void> {
    for (const source of this.streamSources) await source.start();
    this.schedules.forEach((s) => s.start());
    this.triggersStarted = true;
  }

  /**
   * Serves an app's manifest as it is now, while running: functions that are new or whose entry
   * changed are added (their bundle is built on their first invocation), those gone or changed
   * are stopped, the rest keep their warm instances. Routes are read from `routes` again by the
   * caller's route table.
   */
  async replaceApp(app: LoadedApp): Promise<AppChange> {
    const appName = app.manifest.app;
    const wanted = new Map(
      app.manifest.functions.map((spec) => [functionNameOf(appName, spec), spec]),
    );
    const change: AppChange = { added: [], removed: [] };
    for (const [name, served] of [...this.served]) {
      if (served.app !== appName) continue;
      const spec = wanted.get(name);
      if (spec && JSON.stringify(spec) === served.specJson && served.root === app.root) continue;
      await this.remove(name, served);
      change.removed.push(name);
    }
    for (const spec of app.manifest.functions) {
      const name = functionNameOf(appName, spec);
      if (this.served.has(name)) continue;
      const served = this.add(app, spec);
      if (this.triggersStarted) {
        await served.source?.start();
        served.schedule?.start();
      }
      change.added.push(name);
    }
    return change;
  }

  async stop(): Promise<void> {
    this.schedules.forEach((s) => s.stop());
    await Promise.all(this.streamSources.map((s) => s.stop()));
    await Promise.all([...this.functions.values()].map((f) => f.stop()));
  }

  private async remove(name: string, served: ServedFunction): Promise<void> {
    served.schedule?.stop();
    await served.source?.stop();
    const without = <T>(list: T[], item: T | undefined): void => {
      const at = item === undefined ? -1 : list.indexOf(item);
      if (at >= 0) list.splice(at, 1);
    };
    without(this.routes, served.route);
    without(this.streamSources, served.source);
    without(this.schedules, served.schedule);
    without(this.sourceList, served.sourceLine);
    this.served.delete(name);
    this.functions.delete(name);
    await served.fn.stop();
  }

  private add(app: LoadedApp, spec: FunctionSpec): ServedFunction {
    const { shared, log } = this.deps;
    const appName = app.manifest.app;
    const functionName = functionNameOf(appName, spec);
    const bundleDir = join(this.deps.bundlesDir, appName, spec.name);
    const backend = this.deps.tracingByApp[appName] ?? shared.tracingBackend;
    const bundle = new HandlerBundle(
      join(app.root, spec.entry),
      bundleDir,
      this.deps.workspaceRoot,
      backend,
      log,
      this.deps.reloadChangedSources ?? true,
    );
    const fn = new LocalFunction(
      {
        app: appName,
        functionName,
        functionArn: `arn:aws:lambda:${shared.region}:${ACCOUNT_ID}:function:${functionName}`,
        region: shared.region,
        memoryMb: spec.memoryMb ?? DEFAULT_MEMORY_MB,
        timeoutMs: (spec.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        env: functionEnvironment(
          { ...shared, tracingBackend: backend },
          app.manifest.service,
          functionName,
          spec,
          bundleDir,
        ),
        runtimeFile: this.deps.runtimeFile,
      },
      bundle,
      this.deps.sink,
      log,
      (line) => this.deps.functionOutput?.(functionName, line),
    );
    this.functions.set(functionName, fn);
    const served: ServedFunction = {
      app: appName,
      root: app.root,
      specJson: JSON.stringify(spec),
      fn,
      bundle,
      ...this.addTrigger(fn, spec.trigger),
    };
    this.served.set(functionName, served);
    return served;
  }

  private addTrigger(
    fn: LocalFunction,
    trigger: Trigger,
  ): Pick<ServedFunction, 'route' | 'source' | 'schedule' | 'sourceLine'> {
    const { names, region } = this.deps.shared;
    const functionName = fn.config.functionName;
    if (trigger.type === 'api') {
      const route = { method: trigger.method, path: trigger.path, target: fn };
      this.routes.push(route);
      return { route };
    }
    if (trigger.type === 'schedule') {
      const schedule = new ScheduledRule(fn, trigger.expression, region);
      const sourceLine = { source: `schedule ${trigger.expression}`, functionName };
      this.schedules.push(schedule);
      this.sourceList.push(sourceLine);
      return { schedule, sourceLine };
    }
    const isKinesis = trigger.type === 'kinesis';
    const logical = isKinesis ? trigger.stream : trigger.table;
    const sourceLine = {
      source: isKinesis ? `${logical} (Kinesis)` : `${logical} (DynamoDB stream)`,
      functionName,
    };
    const source = new StreamEventSource(
      {
        fn,
        kind: isKinesis ? 'kinesis' : 'dynamodb',
        kinesisStream: isKinesis ? names.stream(logical) : names.tableStream(logical),
        eventSourceArn: isKinesis ? names.streamArn(logical) : names.tableStreamArn(logical),
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
      this.deps.kinesis,
      this.deps.checkpoints,
      this.deps.deadLetters,
      this.deps.log,
    );
    this.streamSources.push(source);
    this.sourceList.push(sourceLine);
    return { source, sourceLine };
  }
}

/** A function's name in the local cloud and in AWS: `<app>-<name>`. */
const functionNameOf = (app: string, spec: FunctionSpec): string => `${app}-${spec.name}`;
