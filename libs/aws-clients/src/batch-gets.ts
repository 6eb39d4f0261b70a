import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';
import { UnprocessedRequestsError } from './unprocessed-requests-error';

/** DynamoDB's limit of keys per BatchGetItem call. */
export const BATCH_GET_MAX_KEYS = 100;

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Calls per chunk of 100 keys before giving up on what is still unprocessed (default 8). */
  maxAttempts?: number;
  /** First backoff before asking again for unprocessed keys; doubles each time (default 25). */
  baseDelayMs?: number;
}

/** Some keys were still unprocessed after every attempt: the read is incomplete, so it fails. */
export class UnprocessedReadsError extends UnprocessedRequestsError {
  override readonly name = 'UnprocessedReadsError';
  constructor(table: string, unprocessed: number) {
    super(table, unprocessed, 'read(s) from');
  }
}

/**
 * Reads items of one table by key with BatchGetItem, 100 keys per call, asking again with backoff
 * for the `UnprocessedKeys` DynamoDB hands back (throttling, the 16 MB answer limit). Returns the
 * items found (absent keys have none); throws `UnprocessedReadsError` rather than answer from a
 * partial read.
 */
export async function batchGetWithRetries(
  client: DynamoDBDocumentClient,
  table: string,
  keys: Array<Record<string, unknown>>,
  options: BatchGetOptions = {},
): Promise<Array<Record<string, unknown>>> {
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const items: Array<Record<string, unknown>> = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    let pending = keys.slice(start, start + BATCH_GET_MAX_KEYS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new UnprocessedReadsError(table, pending.length);
      if (attempt > 1) await backoff(attempt - 1, baseDelayMs);
      const output = await client.send(
        new BatchGetCommand({
          RequestItems: {
            [table]: { Keys: pending, ConsistentRead: options.consistentRead ?? false },
          },
        }),
      );
      items.push(...(output.Responses?.[table] ?? []));
      pending = output.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
}
