import kinesalite from 'kinesalite';
import type { RunningEmulator } from './dynalite';
import { closeServer, listen } from './http-server';

/** kinesalite (Kinesis) with its LevelDB data under `path`; streams become ACTIVE at once. */
export async function startKinesalite(
  host: string,
  port: number,
  path: string,
): Promise<RunningEmulator> {
  const server = kinesalite({
    path,
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 100,
  });
  const bound = await listen(server, host, port);
  return { endpoint: `http://${host}:${bound}`, port: bound, stop: () => closeServer(server) };
}
