import { randomUUID } from 'node:crypto';
import {
  buildLambdaSegments,
  formatTraceHeader,
  newSegmentId,
  type SegmentDocument,
} from '@traced-social/trace-model';
import { INJECTED_FAULT } from '../xray/fault-injection';
import { FunctionInstance, type InvokeOutcome } from './function-instance';
import type { HandlerBundle } from './handler-bundle';
import { serializeError } from './worker-protocol';

/** Where the local Lambda service sends the segments it records (the collector). */
export type SegmentSink = (document: SegmentDocument) => void;

/** The trace an invocation belongs to, as the caller (API Gateway, an event source) decided it. */
export interface InvocationTrace {
  traceId: string;
  /** The caller's segment or subsegment the AWS::Lambda segment hangs under. */
  upstreamParentId?: string;
  sampled: boolean;
}

export interface LocalFunctionConfig {
  app: string;
  functionName: string;
  functionArn: string;
  region: string;
  memoryMb: number;
  timeoutMs: number;
  env: Record<string, string>;
  runtimeFile: string;
}

/** An instance idle this long is ended (Lambda reclaims idle environments after minutes too). */
export const IDLE_LIFETIME_MS = 10 * 60 * 1000;
const IDLE_CHECK_MS = 60 * 1000;

/** How many instances of one function may run at once; more invocations wait for one. */
export const MAX_INSTANCES_PER_FUNCTION = 10;

/**
 * One Lambda function of the local cloud: a pool of instances (a new one, cold, when none is
 * idle; idle ones reused, warm), the handler rebuilt when its source changed (older instances
 * retired), a timeout per invocation, and the AWS::Lambda and AWS::Lambda::Function segments
 * recorded for each sampled invocation, with the handler's own subsegments landing under the
 * function segment through `_X_AMZN_TRACE_ID`.
 */
export class LocalFunction {
  /** Idle instances with the time they became idle, most recent last. */
  private readonly idle: Array<{ instance: FunctionInstance; since: number }> = [];
  private readonly reaper: NodeJS.Timeout;
  private readonly all = new Set<FunctionInstance>();
  private readonly waiters: Array<() => void> = [];
  /** Instances whose init is under way (they count toward the limit). */
  private starting = 0;
  private stopped = false;
  /**
   * Share of invocations that fail without running the handler, as a crash would
   * (`npm start -- --faults <function>=<share>`); may be changed while running.
   */
  faultRate = 0;

  constructor(
    readonly config: LocalFunctionConfig,
    private readonly bundle: HandlerBundle,
    private readonly sink: SegmentSink,
    private readonly log: (line: string) => void,
    /** Each line the function writes, as CloudWatch Logs would keep it (the collector's logs). */
    private readonly output: (line: string) => void = () => undefined,
  ) {
    this.reaper = setInterval(() => this.reapIdle(), IDLE_CHECK_MS);
    this.reaper.unref();
  }

  async invoke(event: unknown, trace: InvocationTrace): Promise<InvokeOutcome> {
    const requestId = randomUUID();
    const functionSegmentId = newSegmentId();
    let initMs: number | undefined;
    let startMs = Date.now();
    let outcome: InvokeOutcome;
    try {
      if (this.faultRate > 0 && Math.random() < this.faultRate) {
        throw Object.assign(new Error(INJECTED_FAULT.errorMessage), {
          name: INJECTED_FAULT.errorType,
        });
      }
      const { instance, cold } = await this.acquire();
      if (cold) {
        initMs = instance.initMs;
        this.log(`${this.config.functionName}: cold start, init ${Math.round(initMs)} ms`);
      }
      startMs = Date.now();
      try {
        outcome = await instance.invoke(
          {
            type: 'invoke',
            requestId,
            event,
            traceHeader: formatTraceHeader({
              root: trace.traceId,
              parent: functionSegmentId,
              sampled: trace.sampled,
              extra: [],
            }),
            deadlineMs: startMs + this.config.timeoutMs,
            functionName: this.config.functionName,
            invokedFunctionArn: this.config.functionArn,
            memoryLimitInMB: String(this.config.memoryMb),
            logGroupName: this.config.env.AWS_LAMBDA_LOG_GROUP_NAME,
            logStreamName: this.config.env.AWS_LAMBDA_LOG_STREAM_NAME,
          },
          this.config.timeoutMs,
        );
      } finally {
        this.release(instance);
      }
    } catch (error) {
      outcome = { ok: false, error: serializeError(error) };
    }
    if (!outcome.ok) {
      this.log(
        `${this.config.functionName} ${requestId} failed: ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      );
    }
    if (trace.sampled) this.record(trace, functionSegmentId, requestId, startMs, initMs, outcome);
    return outcome;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    await Promise.all([...this.all].map((i) => i.stop()));
    this.all.clear();
    this.idle.length = 0;
  }

  private record(
    trace: InvocationTrace,
    functionSegmentId: string,
    requestId: string,
    startMs: number,
    initMs: number | undefined,
    outcome: InvokeOutcome,
  ): void {
    const fault = !outcome.ok;
    const segments = buildLambdaSegments({
      traceId: trace.traceId,
      upstreamParentId: trace.upstreamParentId,
      functionSegmentId,
      functionName: this.config.functionName,
      functionArn: this.config.functionArn,
      region: this.config.region,
      requestId,
      startTime: startMs / 1000,
      endTime: Date.now() / 1000,
      initDuration: initMs === undefined ? undefined : initMs / 1000,
      fault,
      cause: outcome.ok
        ? undefined
        : {
            exceptions: [
              {
                id: newSegmentId(),
                type: outcome.error.errorType,
                message: outcome.error.errorMessage,
              },
            ],
          },
    });
    segments.forEach(this.sink);
  }

  /** An idle instance of the current bundle (warm), or a new one (cold). */
  private async acquire(): Promise<{ instance: FunctionInstance; cold: boolean }> {
    if (this.stopped) throw new Error(`${this.config.functionName} is stopped`);
    const bundle = await this.bundle.current();
    for (let next = this.idle.pop()?.instance; next; next = this.idle.pop()?.instance) {
      if (next.usable && next.bundleVersion === bundle.version)
        return { instance: next, cold: false };
      this.discard(next);
    }
    while (this.all.size + this.starting >= MAX_INSTANCES_PER_FUNCTION) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
      const warm = this.idle.pop()?.instance;
      if (warm?.usable && warm.bundleVersion === bundle.version)
        return { instance: warm, cold: false };
      if (warm) this.discard(warm);
    }
    this.starting++;
    try {
      const instance = await FunctionInstance.start({
        runtimeFile: this.config.runtimeFile,
        bundleFile: bundle.file,
        bundleVersion: bundle.version,
        handlerName: 'handler',
        env: this.config.env,
        onOutput: (line) => {
          this.log(`[${this.config.functionName}] ${line}`);
          this.output(line);
        },
      });
      this.all.add(instance);
      return { instance, cold: true };
    } catch (error) {
      this.waiters.shift()?.();
      throw error;
    } finally {
      this.starting--;
    }
  }

  private release(instance: FunctionInstance): void {
    if (instance.usable && !this.stopped) this.idle.push({ instance, since: Date.now() });
    else this.discard(instance);
    this.waiters.shift()?.();
  }

  /** Ends instances idle for longer than Lambda keeps them, freeing their memory. */
  private reapIdle(): void {
    const cutoff = Date.now() - IDLE_LIFETIME_MS;
    while (this.idle.length && this.idle[0].since < cutoff) {
      const oldest = this.idle.shift();
      if (oldest) this.discard(oldest.instance);
    }
  }

  private discard(instance: FunctionInstance): void {
    this.all.delete(instance);
    void instance.stop();
  }
}
