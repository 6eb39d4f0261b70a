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
}

/** Every function of the apps, with what triggers each: routes, stream sources, schedules. */
export class AppFunctions {
  readonly functions = new Map<string, LocalFunction>();
  readonly routes: Array<Route<LocalFunction>> = [];
  readonly streamSources: StreamEventSource[] = [];
  readonly schedules: ScheduledRule[] = [];
  /** Each event source as the banner shows it. */
  readonly sourceList: Array<{ source: string; functionName: string }> = [];
  private readonly bundles: HandlerBundle[] = [];

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
    return prebuildBundles(this.bundles, this.deps.workspaceRoot);
  }

  /** Starts the event sources; resolves once each has its starting position in every shard. */
  async startTriggers(): Promise<void> {
    for (const source of this.streamSources) await source.start();
    this.schedules.forEach((s) => s.start());
  }

  async stop(): Promise<void> {
    this.schedules.forEach((s) => s.stop());
    await Promise.all(this.streamSources.map((s) => s.stop()));
    await Promise.all([...this.functions.values()].map((f) => f.stop()));
  }

  private add(app: LoadedApp, spec: FunctionSpec): void {
    const { shared, log } = this.deps;
    const appName = app.manifest.app;
    const functionName = `${appName}-${spec.name}`;
    const bundleDir = join(this.deps.bundlesDir, appName, spec.name);
    const backend = this.deps.tracingByApp[appName] ?? shared.tracingBackend;
    const bundle = new HandlerBundle(
      join(app.root, spec.entry),
      bundleDir,
      this.deps.workspaceRoot,
      backend,
      log,
    );
    this.bundles.push(bundle);
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
    );
    this.functions.set(functionName, fn);
    this.addTrigger(fn, spec.trigger);
  }

  private addTrigger(fn: LocalFunction, trigger: Trigger): void {
    const { names, region } = this.deps.shared;
    const functionName = fn.config.functionName;
    if (trigger.type === 'api') {
      this.routes.push({ method: trigger.method, path: trigger.path, target: fn });
    } else if (trigger.type === 'schedule') {
      this.schedules.push(new ScheduledRule(fn, trigger.expression, region));
      this.sourceList.push({ source: `schedule ${trigger.expression}`, functionName });
    } else {
      const isKinesis = trigger.type === 'kinesis';
      const logical = isKinesis ? trigger.stream : trigger.table;
      this.sourceList.push({
        source: isKinesis ? `${logical} (Kinesis)` : `${logical} (DynamoDB stream)`,
        functionName,
      });
      this.streamSources.push(
        new StreamEventSource(
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
        ),
      );
    }
  }
}
