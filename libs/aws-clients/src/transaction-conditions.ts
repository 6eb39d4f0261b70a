import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';

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
