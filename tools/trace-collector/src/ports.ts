import type { Socket } from 'node:dgram';
import type { Server } from 'node:http';

/**
 * Binds the HTTP server and the UDP socket on one port number, as the X-Ray daemon does. With
 * port 0, the HTTP server picks a free port and the UDP socket takes the same number; if UDP is
 * taken there, both are released and another port is tried.
 */
export async function bindSamePort(
  host: string,
  port: number,
  listenHttp: (port: number) => Promise<Server>,
  bindUdp: (port: number) => Promise<Socket>,
  attempts = 20,
): Promise<{ server: Server; socket: Socket; port: number }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (port === 0 ? attempts : 1); attempt++) {
    let server: Server;
    try {
      server = await listenHttp(port);
    } catch (error) {
      lastError = error;
      continue;
    }
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    try {
      const socket = await bindUdp(bound);
      return { server, socket, port: bound };
    } catch (error) {
      lastError = error;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
  throw new Error(
    `could not bind UDP and TCP on the same port on ${host}${port ? ` (${port})` : ''}: ` +
      ((lastError as Error)?.message ?? String(lastError)),
  );
}
