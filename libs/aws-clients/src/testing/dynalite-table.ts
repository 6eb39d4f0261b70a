import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableSpec } from '@traced-social/manifest';
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
