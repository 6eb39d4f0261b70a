/**
 * Child process of the observability bench: loads one handler variant under Lambda's environment
 * (set by the parent), warms it up, then times `count` invocations one by one, and prints the
 * figures as a `RESULT {json}` line. Run with --expose-gc so heap figures are post-GC.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { formatTraceHeader, newSegmentId, newTraceId } from '@traced-social/trace-model';
import type { BenchEvent } from './workload';

export interface VariantResult {
  variant: string;
  loadMs: number;
  /** Milliseconds per measured invocation, in order. */
  timesMs: number[];
  heapAfterLoadBytes: number;
  heapAfterRunBytes: number;
}

type Handler = (event: BenchEvent, context: Context) => Promise<unknown>;

const context = {
  functionName: 'bench-fn',
  awsRequestId: randomUUID(),
  getRemainingTimeInMillis: () => 30_000,
} as Context;

function gcHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function invoke(handler: Handler, i: number): Promise<void> {
  process.env._X_AMZN_TRACE_ID = formatTraceHeader({
    root: newTraceId(),
    parent: newSegmentId(),
    sampled: true,
    extra: [],
  });
  await handler({ body: JSON.stringify({ id: `p${i}`, text: 'hello bench' }) }, context);
}

async function main(): Promise<void> {
  const [variant, countArg, warmupArg] = process.argv.slice(2);
  const count = Number(countArg);
  const warmup = Number(warmupArg);
  const started = process.hrtime.bigint();
  const { handler } = require(`./handlers/${variant}`) as { handler: Handler };
  const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
  const heapAfterLoadBytes = gcHeap();
  for (let i = 0; i < warmup; i++) await invoke(handler, i);
  const timesMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = process.hrtime.bigint();
    await invoke(handler, warmup + i);
    timesMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  const heapAfterRunBytes = gcHeap();
  const result: VariantResult = { variant, loadMs, timesMs, heapAfterLoadBytes, heapAfterRunBytes };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
