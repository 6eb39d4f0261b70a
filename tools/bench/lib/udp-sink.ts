import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { FUNCTION_CPU, canSeparateFunctionCpu } from './child-process';
import { forkWorker } from './worker';

export interface UdpSink {
  address: string;
  /** Datagrams received so far. */
  count(): Promise<number>;
  /** Where it runs: in the bench's process, or a process of its own on the function's CPU. */
  placement: 'in-process' | 'on-the-function-cpu';
  /** The process receiving the datagrams. */
  pid: number;
  close(): Promise<void>;
}

/** The largest receive buffer the daemon asks for (16 MB). */
const RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;
const SINK_PROCESS = join(__dirname, 'udp-sink-process.ts');

/**
 * A stand-in X-Ray daemon that only counts what it receives. `besideTheFunction`: a process of
 * its own on the function's CPU, as Lambda's daemon runs in the function's sandbox and shares its
 * vCPU (decision 1953); where CPUs cannot be pinned, in the bench's process, as it was before.
 */
export async function startUdpSink(
  options: { besideTheFunction?: boolean } = {},
): Promise<UdpSink> {
  if (options.besideTheFunction && canSeparateFunctionCpu()) return startSinkProcess();
  const socket = createSocket({ type: 'udp4', recvBufferSize: RECEIVE_BUFFER_BYTES });
  let received = 0;
  socket.on('message', () => (received += 1));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    count: async () => received,
    placement: 'in-process',
    pid: process.pid,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/** Parent → sink process, and its answers. */
export type SinkCommand = { type: 'count' };
export type SinkReply = { type: 'bound'; port: number } | { type: 'count'; count: number };

/** The sink as a worker process (`forkWorker`: its request/reply queue), pinned as it starts. */
async function startSinkProcess(): Promise<UdpSink> {
  const worker = forkWorker<SinkCommand, SinkReply>(SINK_PROCESS, [String(RECEIVE_BUFFER_BYTES)], {
    env: process.env,
    cpus: FUNCTION_CPU,
  });
  const bound = await worker.ready;
  if (bound.type !== 'bound') throw new Error('udp sink process did not bind');
  return {
    address: `127.0.0.1:${bound.port}`,
    count: async () => {
      const reply = await worker.request({ type: 'count' });
      if (reply.type !== 'count') throw new Error(`unexpected reply ${reply.type}`);
      return reply.count;
    },
    placement: 'on-the-function-cpu',
    pid: worker.pid,
    close: () => worker.stop(),
  };
}
