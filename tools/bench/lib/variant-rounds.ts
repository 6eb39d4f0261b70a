import { join } from 'node:path';
import type { BundledTracingBackend } from '@traced-social/manifest';
import type { Variant, WorkerCommand, WorkerReply } from '../observability/variant-runner';
import {
  FUNCTION_CPU,
  WORKSPACE_ROOT,
  canSeparateFunctionCpu,
  offTheFunctionCpu,
} from './child-process';
import { EMULATOR_CREDENTIALS_ENV } from './emulators';
import type { UdpSink } from './udp-sink';
import { variantBundle } from './variant-bundle';
import { forkWorker, type Worker } from './worker';

const RUNNER = join(__dirname, '../observability/variant-runner.ts');
/** Invocations per turn: small, so the contenders take turns many times a second. */
export const BATCH = 25;

/**
 * The environment of a bench worker: Lambda's (so Powertools initialises as there), X-Ray
 * segments to `daemonAddress`, the handler's DynamoDB calls to `dynamoDbEndpoint`.
 */
export function benchLambdaEnv(daemonAddress: string, dynamoDbEndpoint: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...EMULATOR_CREDENTIALS_ENV,
    NODE_ENV: 'production',
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    AWS_LAMBDA_FUNCTION_NAME: 'bench-fn',
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: WORKSPACE_ROOT,
    _HANDLER: 'index.handler',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    AWS_XRAY_DAEMON_ADDRESS: daemonAddress,
    AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    DYNAMODB_ENDPOINT: dynamoDbEndpoint,
  };
}

/** Where the processes of a round ran, for the report (decision 1953). */
export function describePlacement(daemon: UdpSink): string {
  if (!canSeparateFunctionCpu()) {
    return 'Placement: unpinned (no `taskset` or a single CPU here): handlers, emulators and sinks share the CPUs as the scheduler places them.';
  }
  const daemonWhere =
    daemon.placement === 'on-the-function-cpu'
      ? 'with them, in a process of its own'
      : 'in the bench process';
  return `Placement (decision 1953): each handler process on CPU ${FUNCTION_CPU}, the function's one vCPU (Lambda gives a function of up to 1,769 MB one), the stand-in X-Ray daemon ${daemonWhere} (Lambda's runs in the function's sandbox); dynalite, the OTLP sink and the bench on the other CPUs, as the remote services they stand for.`;
}

/** One process of a round: a handler variant under its own environment. */
export interface Contender<Label extends string> {
  label: Label;
  variant: Variant;
  env: NodeJS.ProcessEnv;
  /** The tracing backend baked into the variant's bundle (decision 1900); `xray` if not set. */
  backend?: BundledTracingBackend;
}

/** What one contender did in a round. */
export interface ContenderRound<Label extends string> {
  label: Label;
  timesMs: number[];
  /** CPU per invocation, as measured around each handler call. */
  cpuMs: number[];
  /** The process's whole CPU over its measured batches (trailing work and GC included). */
  batchCpuMs: number;
  loadMs: number;
  /** Post-GC heap at the end of the round. */
  heapBytes: number;
  /** What `sent(label)` grew by during this contender's turns (datagrams, export requests). */
  sent: number;
}

type BenchWorker = Worker<WorkerCommand, WorkerReply>;

async function ask<T extends WorkerReply['type']>(
  worker: BenchWorker,
  command: WorkerCommand,
  expected: T,
): Promise<Extract<WorkerReply, { type: T }>> {
  const answer = await worker.request(command);
  if (answer.type !== expected) {
    throw new Error(answer.type === 'failed' ? answer.error : `unexpected reply ${answer.type}`);
  }
  return answer as Extract<WorkerReply, { type: T }>;
}

/** Sends are asynchronous: give the last ones time to land before counting. */
const settle = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One round: a fresh worker per contender running its variant's bundle (as Lambda runs it:
 * `variantBundle`), warmed up, then batches of BATCH taken in turn (the
 * order rotates each turn) until every contender has run `count` measured invocations, so machine
 * noise hits all alike; then each worker's heap. `sent` counts what the sinks received: it is
 * read around each contender's turn, so what it sent is told apart. Each worker runs on the
 * function's CPU and the bench (emulators, sinks of remote services) on the others, where the
 * machine allows it (decision 1953).
 */
export async function runInterleavedRound<Label extends string>(
  contenders: Array<Contender<Label>>,
  settings: { count: number; warmup: number; sent: (label: Label) => Promise<number> },
): Promise<Array<ContenderRound<Label>>> {
  return offTheFunctionCpu(() => runRound(contenders, settings));
}

async function runRound<Label extends string>(
  contenders: Array<Contender<Label>>,
  settings: { count: number; warmup: number; sent: (label: Label) => Promise<number> },
): Promise<Array<ContenderRound<Label>>> {
  const { count, warmup, sent } = settings;
  // Each handler on the function's CPU (decision 1953); the bench off it (offTheFunctionCpu).
  const cpus = canSeparateFunctionCpu() ? FUNCTION_CPU : undefined;
  const bundles = await Promise.all(
    contenders.map((c) => variantBundle(c.variant, c.backend ?? 'xray')),
  );
  const workers = contenders.map((c, i) => ({
    label: c.label,
    worker: forkWorker<WorkerCommand, WorkerReply>(RUNNER, [c.variant, bundles[i]], {
      env: c.env,
      nodeArgs: ['--expose-gc'],
      ...(cpus ? { cpus } : {}),
    }),
    timesMs: [] as number[],
    cpuMs: [] as number[],
    batchCpuMs: 0,
    sent: 0,
    loadMs: 0,
  }));
  try {
    for (const w of workers) {
      const ready = await w.worker.ready;
      if (ready.type !== 'ready')
        throw new Error(ready.type === 'failed' ? ready.error : 'worker not ready');
      w.loadMs = ready.loadMs;
      await ask(w.worker, { type: 'run', count: warmup, offset: 0 }, 'ran');
    }
    await settle(200);
    for (let turn = 0; turn * BATCH < count; turn++) {
      for (let k = 0; k < workers.length; k++) {
        const w = workers[(turn + k) % workers.length];
        const before = await sent(w.label);
        const batch = Math.min(BATCH, count - turn * BATCH);
        const ran = await ask(
          w.worker,
          { type: 'run', count: batch, offset: warmup + turn * BATCH },
          'ran',
        );
        await settle(5);
        w.timesMs.push(...ran.timesMs);
        w.cpuMs.push(...ran.cpuMs);
        w.batchCpuMs += ran.batchCpuMs;
        w.sent += (await sent(w.label)) - before;
      }
    }
    const results: Array<ContenderRound<Label>> = [];
    for (const w of workers) {
      const { heapBytes } = await ask(w.worker, { type: 'heap' }, 'heap');
      const { label, timesMs, cpuMs, batchCpuMs, loadMs } = w;
      results.push({ label, timesMs, cpuMs, batchCpuMs, loadMs, heapBytes, sent: w.sent });
    }
    return results;
  } finally {
    await Promise.all(workers.map((w) => w.worker.stop()));
  }
}
