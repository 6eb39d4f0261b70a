import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { failedTransactionConditions } from './transaction-conditions';

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

describe('failedTransactionConditions', () => {
  it('names the items whose condition failed, not those cancelled for other reasons', () => {
    expect(
      failedTransactionConditions(
        cancelled(['None', 'ConditionalCheckFailed', 'None', 'ConditionalCheckFailed']),
      ),
    ).toEqual([1, 3]);
    expect(failedTransactionConditions(cancelled(['None', 'TransactionConflict']))).toEqual([]);
  });

  it('is empty for any other error', () => {
    expect(failedTransactionConditions(new Error('ConditionalCheckFailed'))).toEqual([]);
    expect(failedTransactionConditions(undefined)).toEqual([]);
  });
});
