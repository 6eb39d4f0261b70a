import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableSpec } from '@traced-social/manifest';
import { useForSuite } from '@traced-social/observability/testing';
import { LOCAL_CREDENTIALS } from '../client-config';
import { startDynalite } from './emulators';
import { createTableInput } from './local-aws';

/** One table in its own dynalite, and a document client for it. */
export interface DynaliteTable {
  client: DynamoDBDocumentClient;
  /** Destroys the client and stops dynalite. */
  stop(): Promise<void>;
}

/** Starts dynalite with the table `tableName` laid out as `spec` (a manifest table). */
export async function startDynaliteTable(
  tableName: string,
  spec: TableSpec,
): Promise<DynaliteTable> {
  const dynalite = await startDynalite();
  const raw = new DynamoDBClient({
    endpoint: dynalite.endpoint,
    region: 'us-east-1',
    credentials: { ...LOCAL_CREDENTIALS },
  });
  await raw.send(new CreateTableCommand(createTableInput(tableName, spec)));
  const client = DynamoDBDocumentClient.from(raw);
  return {
    client,
    stop: async () => {
      client.destroy();
      await dynalite.stop();
    },
  };
}

/**
 * `startDynaliteTable` for the enclosing `describe`: started in its `beforeAll`, stopped in its
 * `afterAll`; the document client, usable from the first test or later hook on.
 */
export function useDynaliteTable(tableName: string, spec: TableSpec): DynamoDBDocumentClient {
  let stop = async (): Promise<void> => undefined;
  return useForSuite(
    async () => {
      const table = await startDynaliteTable(tableName, spec);
      stop = table.stop;
      return table.client;
    },
    () => stop(),
  );
}
