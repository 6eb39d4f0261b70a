import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  type BatchWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { backoff } from './backoff';
import { baseClientConfig } from './client-config';
import { UnprocessedRequestsError } from './unprocessed-requests-error';

/** One put or delete of a BatchWriteItem request (document client values). */
export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** DynamoDB's limit of requests per BatchWriteItem call. */
export const BATCH_WRITE_MAX_REQUESTS = 25;

export interface BatchWriteOptions {
  /** Default: the untraced `bulkWriteClient()` (see there). */
  client?: DynamoDBDocumentClient;
  /** Calls per chunk of 25 before giving up on what is still unprocessed (default 8). */
  maxAttempts?: number;
  /** First backoff before retrying unprocessed items; doubles each time, with jitter (default 25). */
  baseDelayMs?: number;
}

export interface BatchWriteReport {
  requests: number;
  /** BatchWriteItem calls made (retries included). */
  calls: number;
  /** Requests DynamoDB returned as unprocessed at least once, then written on a retry. */
  retried: number;
}

/** Some requests were still unprocessed after every attempt: the caller must retry the work. */
export class UnprocessedWritesError extends UnprocessedRequestsError {
  override readonly name = 'UnprocessedWritesError';
  constructor(table: string, unprocessed: number) {
    super(table, unprocessed, 'write(s) to');
  }
}

/**
 * Writes any number of put/delete requests to one table with BatchWriteItem, 25 per call, and
 * retries the `UnprocessedItems` DynamoDB hands back (throttling, partition limits) with
 * exponential backoff and jitter. Throws `UnprocessedWritesError` when some remain: nothing is
 * dropped silently. Requests must be idempotent (puts and deletes are), as a retry rewrites them.
 */
export async function batchWriteWithRetries(
  table: string,
  requests: WriteRequest[],
  options: BatchWriteOptions = {},
): Promise<BatchWriteReport> {
  const client = options.client ?? bulkWriteClient();
  const maxAttempts = options.maxAttempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const report: BatchWriteReport = { requests: requests.length, calls: 0, retried: 0 };
  for (let start = 0; start < requests.length; start += BATCH_WRITE_MAX_REQUESTS) {
    let pending = requests.slice(start, start + BATCH_WRITE_MAX_REQUESTS);
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) throw new UnprocessedWritesError(table, pending.length);
      if (attempt > 1) {
        report.retried += pending.length;
        await backoff(attempt - 1, baseDelayMs);
      }
      report.calls += 1;
      const output = await client.send(
        new BatchWriteCommand({ RequestItems: { [table]: pending } }),
      );
      pending = output.UnprocessedItems?.[table] ?? [];
    }
  }
  return report;
}

let bulkClient: DynamoDBDocumentClient | undefined;

/**
 * A document client NOT captured by tracing, for bulk writes (a fan-out to thousands of feeds):
 * one traced subsegment per batch is recorded by the caller instead of one per SDK call, which
 * keeps any fan-out inside the trace's subsegment budget.
 */
export function bulkWriteClient(): DynamoDBDocumentClient {
  return (bulkClient ??= DynamoDBDocumentClient.from(
    new DynamoDBClient(baseClientConfig('DYNAMODB')),
    { marshallOptions: { removeUndefinedValues: true } },
  ));
}
