import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

/**
 * The indexes of the items of a cancelled TransactWriteItems whose condition failed; none for any
 * other error (the caller rethrows it). A caller that wrote "only if new" reads a failed
 * condition as "already there", and one that changes many items drops the failed ones and retries.
 */
export function failedTransactionConditions(error: unknown): number[] {
  if (!(error instanceof TransactionCanceledException)) return [];
  return (error.CancellationReasons ?? []).flatMap((reason, index) =>
    reason?.Code === 'ConditionalCheckFailed' ? [index] : [],
  );
}

/** One item of a TransactWriteItems request (document client values). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The item that makes a transaction happen at most once: a put of `item`, conditional on no item
 * with its key existing yet. Index 0 of `failedTransactionConditions` then means "done before".
 */
export function putIfNew(table: string, item: Record<string, unknown>): TransactItem {
  return { Put: { TableName: table, Item: item, ConditionExpression: 'attribute_not_exists(pk)' } };
}

/**
 * `putIfNew` of a marker of work already done (a stream record applied), expiring `ttlSeconds`
 * from now (the table's TTL attribute `expiresAt`): replays within that time change nothing.
 */
export function onceMarker(
  table: string,
  key: Record<string, string>,
  ttlSeconds: number,
  now = Date.now(),
): TransactItem {
  return putIfNew(table, { ...key, expiresAt: Math.floor(now / 1000) + ttlSeconds });
}
