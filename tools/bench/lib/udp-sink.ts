import { createSocket } from 'node:dgram';

export interface UdpSink {
  address: string;
  /** Datagrams received so far. */
  count(): number;
  close(): Promise<void>;
}

/** A stand-in X-Ray daemon that only counts what it receives (16 MB buffer, as the daemon's). */
export async function startUdpSink(): Promise<UdpSink> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 16 * 1024 * 1024 });
  let received = 0;
  socket.on('message', () => (received += 1));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return {
    address: `127.0.0.1:${socket.address().port}`,
    count: () => received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
