import { GetItemCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { LocalCloud } from '../local-cloud';
import { eventually } from './helpers';

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
