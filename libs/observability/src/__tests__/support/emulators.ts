import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * kinesalite and dynalite in-process on random loopback ports. (libs/aws-clients has a fuller
 * kit, but it depends on this library: using it here would make the projects circular.)
 */
type EmulatorFactory = (options: Record<string, number>) => Server;

const kinesalite = require('kinesalite') as EmulatorFactory;
const dynalite = require('dynalite') as EmulatorFactory;

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

async function serve(server: Server): Promise<Emulator> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const startKinesalite = (): Promise<Emulator> =>
  serve(kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 }));

export const startDynalite = (): Promise<Emulator> =>
  serve(dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));

/** Credentials and region the emulators accept (they check the signature's shape, not its key). */
export const emulatorEnv = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
};
