import { createSocket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseDaemonDatagram, type SegmentDocument } from '@traced-social/trace-model';

/** A UDP socket on loopback standing in for the X-Ray daemon. */
export interface DaemonSocket {
  port: number;
  /** The segment documents of the well-formed datagrams received, in arrival order. */
  received: SegmentDocument[];
  close(): Promise<void>;
}

export async function startDaemonSocket(): Promise<DaemonSocket> {
  const socket = createSocket('udp4');
  const received: SegmentDocument[] = [];
  socket.on('message', (datagram) => {
    const parsed = parseDaemonDatagram(datagram);
    if (parsed.ok) received.push(parsed.document);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: (socket.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
