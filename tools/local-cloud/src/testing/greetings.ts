import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { useForSuite } from '@traced-social/observability/testing';
import { loadApp } from '../apps/discover-apps';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../local-cloud';
import { eventually } from './helpers';

/** The greetings fixture app: an API that greets and publishes, a consumer that records. */
export const greetingsApp = () => loadApp(join(__dirname, 'fixtures', 'greetings-app'));

/**
 * A local cloud serving the greetings app on random ports, its data in a temp dir, for the
 * enclosing `describe`: started in its `beforeAll`, stopped (and the dir removed) in `afterAll`.
 */
export function useGreetingsCloud(options: Omit<LocalCloudOptions, 'apps'> = {}): LocalCloud {
  let dir = '';
  return useForSuite(
    () => {
      dir = mkdtempSync(join(tmpdir(), 'local-cloud-greetings-'));
      const dataDir = join(dir, 'data');
      return startLocalCloud({ ports: 'random', dataDir, ...options, apps: [greetingsApp()] });
    },
    async (cloud) => {
      await cloud.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  );
}

/**
 * `POST /greetings` on the greetings fixture app, which publishes a GREETING event: the answer
 * (its body read) and the id of the event.
 */
export async function postGreeting(
  cloud: LocalCloud,
  greeting: { name: string; poison?: boolean },
  headers: Record<string, string> = {},
): Promise<{ response: Response; eventId: string }> {
  const response = await fetch(`${cloud.apiUrl}/greetings`, {
    method: 'POST',
    body: JSON.stringify(greeting),
    headers: { 'content-type': 'application/json', ...headers },
  });
  const { eventId } = (await response.json()) as { eventId: string };
  return { response, eventId };
}

/** The item the fixture's consumer records for a greeting event, once it is there. */
export function recordedGreeting(
  cloud: LocalCloud,
  dynamodb: DynamoDBClient,
  name: string,
  eventId: string,
): Promise<Record<string, AttributeValue>> {
  return eventually(`the consumer to record the greeting to ${name}`, async () => {
    const { Item } = await dynamodb.send(
      new GetItemCommand({
        TableName: cloud.names.table('notifications'),
        Key: { pk: { S: `greeting#${name}` }, sk: { S: eventId } },
      }),
    );
    return Item;
  });
}
