import { createSocket } from 'node:dgram';
import { splitAddress } from '../testing/segments';
import { benchDatagram } from './bench-datagrams';

export interface BlastResult {
  sent: number;
  /** Milliseconds from the first send to the last send's completion. */
  elapsedMs: number;
}

/**
 * Sends `rate` datagrams per second for `seconds` to a daemon address, paced on the clock (each
 * tick sends what is due), starting at datagram `firstIndex` of the benchmark stream.
 */
export async function blast(
  address: string,
  options: { rate: number; seconds: number; firstIndex: number; run: number },
): Promise<BlastResult> {
  const [host, port] = splitAddress(address);
  const socket = createSocket({ type: 'udp4', sendBufferSize: 8 * 1024 * 1024 });
  const total = Math.round(options.rate * options.seconds);
  const epoch = Math.floor(Date.now() / 1000);
  let sent = 0;
  let completed = 0;
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  await new Promise<void>((resolve, reject) => {
    const onSent = (error: Error | null) => {
      if (error) reject(error);
      else if (++completed === total) resolve();
    };
    const tick = () => {
      const due = Math.min(total, Math.floor((elapsedMs() / 1000) * options.rate) + 1);
      // At most a few thousand per tick, so that completions get a turn of the event loop.
      const until = Math.min(due, sent + 4000);
      for (; sent < until; sent++) {
        socket.send(
          benchDatagram(options.firstIndex + sent, epoch, options.run),
          port,
          host,
          onSent,
        );
      }
      if (sent < total) setImmediate(tick);
    };
    tick();
  });
  const elapsed = elapsedMs();
  socket.close();
  return { sent, elapsedMs: elapsed };
}
