import { fork } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { FUNCTION_CPU, WORKSPACE_ROOT, canSeparateFunctionCpu, pinProcess } from './child-process';

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
const REGISTER_TS = join(WORKSPACE_ROOT, 'tools/scripts/register-ts.js');

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

async function startSinkProcess(): Promise<UdpSink> {
  const child = fork(SINK_PROCESS, [String(RECEIVE_BUFFER_BYTES)], {
    execArgv: ['-r', REGISTER_TS],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const waiting: Array<{ resolve: (r: SinkReply) => void; reject: (e: Error) => void }> = [];
  child.on('message', (reply: SinkReply) => waiting.shift()?.resolve(reply));
  child.once('exit', (code) => {
    const error = new Error(`udp sink process exited (${code})`);
    waiting.splice(0).forEach((w) => w.reject(error));
  });
  const next = (): Promise<SinkReply> =>
    new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  const bound = await next();
  if (bound.type !== 'bound') throw new Error('udp sink process did not bind');
  if (child.pid === undefined || !pinProcess(child.pid, FUNCTION_CPU)) {
    child.kill();
    throw new Error('could not pin the udp sink process to the function CPU');
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    address: `127.0.0.1:${bound.port}`,
    count: async () => {
      const answer = next();
      child.send({ type: 'count' } satisfies SinkCommand);
      const reply = await answer;
      if (reply.type !== 'count') throw new Error(`unexpected reply ${reply.type}`);
      return reply.count;
    },
    placement: 'on-the-function-cpu',
    pid: child.pid,
    close: async () => {
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}
