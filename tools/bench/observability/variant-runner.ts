/**
 * A worker process of the observability bench: loads ONE handler variant's bundle (built as
 * Lambda's is, `lib/variant-bundle.ts`) under Lambda's environment (set by the parent) and runs invocations when told to, over IPC. The parent keeps
 * one worker per variant and alternates small batches between them, so load spikes on a shared
 * machine hit every variant alike, while each variant keeps its own process (the X-Ray SDK's
 * async hooks slow every promise of the process they are loaded in: a shared process would tax
 * the untraced baseline too). Run with --expose-gc.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { formatTraceHeader, newSegmentId, newTraceId } from '@traced-social/trace-model';
import type { BenchEvent } from './workload';

export const VARIANTS = ['untraced', 'traced', 'raw-powertools'] as const;
export type Variant = (typeof VARIANTS)[number];

/** Parent → worker. */
export type WorkerCommand = { type: 'run'; count: number; offset: number } | { type: 'heap' };

/** Worker → parent. */
export type WorkerReply =
  | { type: 'ready'; loadMs: number; heapAfterLoadBytes: number }
  | {
      type: 'ran';
      timesMs: number[];
      cpuMs: number[];
      /**
       * The process's CPU over the whole batch, work left running after each handler returned
       * (sends, sockets, GC) included: the sound per-invocation cost is its sum over invocations.
       */
      batchCpuMs: number;
    }
  | { type: 'heap'; heapBytes: number }
  | { type: 'failed'; error: string };

export type Handler = (event: BenchEvent, context: Context) => Promise<unknown>;

const context = {
  functionName: 'bench-fn',
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => 30_000,
} as Context;

/**
 * The heap that stays: collected, then a turn of the event loop (the async-hook destroy callbacks
 * of collected promises run there, and `cls-hooked` drops its contexts in them), collected again.
 * Without the turn, contexts of promises already gone still counted, more or fewer from run to run.
 */
async function gcHeap(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let pass = 0; pass < 3; pass++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * One invocation as Lambda makes it: a fresh trace header, then the handler. Returns its wall
 * time and the CPU time this process spent on it (the emulator's work is in another process, so
 * CPU time is the handler's own cost, and is not inflated by waiting for a busy machine).
 */
export async function invoke(
  handler: Handler,
  i: number,
): Promise<{ wallMs: number; cpuMs: number }> {
  process.env._X_AMZN_TRACE_ID = formatTraceHeader({
    root: newTraceId(),
    parent: newSegmentId(),
    sampled: true,
    extra: [],
  });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await handler({ body: JSON.stringify({ id: `p${i}`, text: 'hello bench' }) }, context);
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const afterPendingWork = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

function reply(message: WorkerReply): void {
  process.send?.(message);
}

function serve(variant: string, bundle: string): void {
  if (!(VARIANTS as readonly string[]).includes(variant))
    throw new Error(`unknown variant ${variant}`);
  const started = process.hrtime.bigint();
  const { handler } = require(bundle) as { handler: Handler };
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  gcHeap().then(
    (heapAfterLoadBytes) => reply({ type: 'ready', loadMs, heapAfterLoadBytes }),
    (error: unknown) => reply({ type: 'failed', error: String(error) }),
  );
  process.on('message', (command: WorkerCommand) => {
    const work = async (): Promise<WorkerReply> => {
      if (command.type === 'heap') return { type: 'heap', heapBytes: await gcHeap() };
      const timesMs: number[] = [];
      const cpuMs: number[] = [];
      const batchStart = process.cpuUsage();
      for (let i = 0; i < command.count; i++) {
        const measured = await invoke(handler, command.offset + i);
        timesMs.push(measured.wallMs);
        cpuMs.push(measured.cpuMs);
      }
      // Let what the last invocation left queued (datagram sends, socket reads) run first.
      await afterPendingWork();
      const batch = process.cpuUsage(batchStart);
      return { type: 'ran', timesMs, cpuMs, batchCpuMs: (batch.user + batch.system) / 1000 };
    };
    work().then(reply, (error: unknown) => reply({ type: 'failed', error: String(error) }));
  });
}

if (require.main === module) {
  if (!process.send)
    throw new Error('variant-runner runs as a forked worker of suites/observability.ts');
  serve(process.argv[2], process.argv[3]);
}
