import { createSocket } from 'node:dgram';
import { availableParallelism } from 'node:os';
import {
  FUNCTION_CPU,
  affinityOf,
  canSeparateFunctionCpu,
  offTheFunctionCpu,
} from './child-process';
import { startUdpSink, type UdpSink } from './udp-sink';

async function sendDatagrams(sink: UdpSink, count: number): Promise<void> {
  const socket = createSocket('udp4');
  const [host, port] = sink.address.split(':');
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) =>
      socket.send(`datagram ${i}`, Number(port), host, (error) =>
        error ? reject(error) : resolve(),
      ),
    );
  }
  socket.close();
}

/** Datagrams arrive asynchronously: the count the sink reaches within a few seconds. */
async function countReaching(sink: UdpSink, expected: number): Promise<number> {
  for (let tries = 0; tries < 100; tries++) {
    const count = await sink.count();
    if (count >= expected) return count;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sink.count();
}

describe('the stand-in X-Ray daemon', () => {
  it('counts the datagrams it receives, in the bench process', async () => {
    const sink = await startUdpSink();
    try {
      expect(sink.placement).toBe('in-process');
      await sendDatagrams(sink, 5);
      expect(await countReaching(sink, 5)).toBe(5);
    } finally {
      await sink.close();
    }
  });

  it("runs beside the function, on the function's CPU, where CPUs can be pinned", async () => {
    const sink = await startUdpSink({ besideTheFunction: true });
    try {
      if (canSeparateFunctionCpu()) {
        expect(sink.placement).toBe('on-the-function-cpu');
        expect(sink.pid).not.toBe(process.pid);
        expect(affinityOf(sink.pid)).toBe(FUNCTION_CPU);
      } else {
        expect(sink.placement).toBe('in-process');
      }
      await sendDatagrams(sink, 7);
      expect(await countReaching(sink, 7)).toBe(7);
    } finally {
      await sink.close();
    }
  });
});

describe('offTheFunctionCpu', () => {
  it("keeps the bench off the function's CPU while it runs, and gives every CPU back", async () => {
    const all = availableParallelism();
    const before = affinityOf(process.pid);
    const inside = await offTheFunctionCpu(async () => ({
      cpus: availableParallelism(),
      affinity: affinityOf(process.pid),
    }));
    if (canSeparateFunctionCpu()) {
      expect(inside.cpus).toBe(all - 1);
      expect(inside.affinity.split(/[-,]/)).not.toContain(FUNCTION_CPU);
    } else {
      expect(inside.cpus).toBe(all);
    }
    expect(availableParallelism()).toBe(all);
    expect(affinityOf(process.pid)).toBe(before);
  });
});
