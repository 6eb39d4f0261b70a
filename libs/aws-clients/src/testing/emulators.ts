// Ambient declarations of the untyped emulators, needed wherever this file is compiled (the
// projects whose tests import the kit too): an import cannot pull in ambient module declarations.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./emulator-modules.d.ts" />
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynalite from 'dynalite';
import kinesalite from 'kinesalite';
import S3rver from 's3rver';

/** A running in-process emulator: its endpoint URL and how to stop it. */
export interface RunningEmulator {
  endpoint: string;
  stop(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve(`http://127.0.0.1:${port}`);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

/** dynalite in memory on a random loopback port; tables are created at once. */
export async function startDynalite(): Promise<RunningEmulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const endpoint = await listen(server);
  return { endpoint, stop: () => closeServer(server) };
}

/** kinesalite in memory on a random loopback port; streams are active at once. */
export async function startKinesalite(): Promise<RunningEmulator> {
  const server = kinesalite({
    createStreamMs: 0,
    deleteStreamMs: 0,
    updateStreamMs: 0,
    shardLimit: 100,
  });
  const endpoint = await listen(server);
  return { endpoint, stop: () => closeServer(server) };
}

/** s3rver on a random loopback port with its files in a temporary directory. */
export async function startS3rver(buckets: string[] = []): Promise<RunningEmulator> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
