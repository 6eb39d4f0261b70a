import { createSocket, type Socket } from 'node:dgram';
import type { Ingestor } from './ingestor';

/** A burst of datagrams overflows the default receive buffer (about 200 KB) and is dropped. */
export const UDP_RECEIVE_BUFFER_BYTES = 16 * 1024 * 1024;

/** Binds the X-Ray daemon's UDP port; resolves once bound, rejects on bind errors (port taken). */
export function bindUdpReceiver(
  host: string,
  port: number,
  ingestor: Ingestor,
  log: (line: string) => void,
): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({
      type: host.includes(':') ? 'udp6' : 'udp4',
      recvBufferSize: UDP_RECEIVE_BUFFER_BYTES,
    });
    const onBindError = (error: Error) => {
      socket.close();
      reject(error);
    };
    socket.once('error', onBindError);
    socket.on('message', (datagram) => ingestor.ingestDatagram(datagram, 'udp'));
    socket.bind(port, host, () => {
      socket.off('error', onBindError);
      // After binding, a socket error (rare on UDP) must not crash the host process.
      socket.on('error', (error) => log(`trace collector: UDP socket error: ${error.message}`));
      resolve(socket);
    });
  });
}
