import dynalite from 'dynalite';
import { closeServer, listen } from './http-server';

export interface RunningEmulator {
  /** `http://host:port` */
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

/** dynalite (DynamoDB) with its LevelDB data under `path`; tables become ACTIVE at once. */
export async function startDynalite(
  host: string,
  port: number,
  path: string,
): Promise<RunningEmulator> {
  const server = dynalite({ path, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const bound = await listen(server, host, port);
  return { endpoint: `http://${host}:${bound}`, port: bound, stop: () => closeServer(server) };
}
