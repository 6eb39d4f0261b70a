import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TableSpec } from '@traced-social/manifest';
import {
  createTableInput,
  startDynalite as startEmulator,
} from '@traced-social/aws-clients/testing';

export const EMULATOR_CREDENTIALS_ENV = {
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_REGION: 'us-east-1',
};

const PK_SK_TABLE: TableSpec = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
};

export interface RunningDynalite {
  endpoint: string;
  /** A table keyed by `pk` and `sk` (strings). */
  createTable(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** dynalite in memory on a random loopback port (the test kit's), with a pk/sk table helper. */
export async function startDynalite(): Promise<RunningDynalite> {
  const emulator = await startEmulator();
  const client = new DynamoDBClient({
    endpoint: emulator.endpoint,
    region: EMULATOR_CREDENTIALS_ENV.AWS_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  return {
    endpoint: emulator.endpoint,
    createTable: async (name) => {
      await client.send(new CreateTableCommand(createTableInput(name, PK_SK_TABLE)));
    },
    stop: async () => {
      client.destroy();
      await emulator.stop();
    },
  };
}
