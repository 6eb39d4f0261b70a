import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * The work every benchmark variant does per invocation: five steps (the seed's create-post
 * operations), one of which is a real DynamoDB PutItem against the emulator. The variants differ
 * only in how the steps are traced.
 */
export const STEP_NAMES = [
  'JWT Verification',
  'Request Validation',
  'GetUserProfile',
  'CreatePost',
  'PublishEvent',
] as const;

export interface BenchEvent {
  body: string;
}

export const BENCH_TABLE = 'bench-posts';

export function createClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
}

/** Runs step `index` of the workload; step 3 (CreatePost) writes to DynamoDB. */
export async function runStep(
  index: number,
  event: BenchEvent,
  client: DynamoDBClient,
): Promise<unknown> {
  switch (index) {
    case 3: {
      const body = JSON.parse(event.body) as { id: string; text: string };
      return client.send(
        new PutItemCommand({
          TableName: BENCH_TABLE,
          Item: { pk: { S: `POST#${body.id}` }, sk: { S: 'POST' }, text: { S: body.text } },
        }),
      );
    }
    default:
      // A little CPU, as parsing a token or a body would cost.
      return JSON.parse(JSON.stringify({ index, body: event.body }));
  }
}
