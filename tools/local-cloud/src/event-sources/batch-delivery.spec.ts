import type { InvokeOutcome } from '../lambda/function-instance';
import { deliverBatch, type DeliverySettings } from './batch-delivery';

const settings = (maxRetries: number, bisectBatchOnError = false): DeliverySettings => ({
  maxRetries,
  bisectBatchOnError,
  backoffMs: () => 0,
});
const ok = (value: unknown = null): InvokeOutcome => ({ ok: true, value });
const crash: InvokeOutcome = { ok: false, error: { errorType: 'Error', errorMessage: 'boom' } };
const id = (r: string): string => r;

/** A fake function that records each batch it was given and answers from a script. */
function scripted(answer: (batch: string[], call: number) => InvokeOutcome) {
  const calls: string[][] = [];
  return { calls, invoke: async (batch: string[]) => answer(batch, calls.push(batch)) };
}

describe('deliverBatch (Lambda stream event source semantics)', () => {
  it('delivers a batch once when it succeeds', async () => {
    const fn = scripted(() => ok({ batchItemFailures: [] }));
    expect(await deliverBatch(['1', '2'], fn.invoke, id, settings(3))).toEqual([]);
    expect(fn.calls).toEqual([['1', '2']]);
  });

  it('retries from the first reported failure on, then succeeds', async () => {
    const fn = scripted((batch, call) =>
      call === 1
        ? ok({ batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] })
        : ok(),
    );
    expect(await deliverBatch(['1', '2', '3', '4'], fn.invoke, id, settings(3))).toEqual([]);
    expect(fn.calls).toEqual([
      ['1', '2', '3', '4'],
      ['2', '3', '4'],
    ]);
  });

  it('returns the records still failing after the retry limit, with the reason and attempts', async () => {
    const fn = scripted(() => ok({ batchItemFailures: [{ itemIdentifier: '2' }] }));
    expect(await deliverBatch(['1', '2', '3'], fn.invoke, id, settings(1))).toEqual([
      { records: ['2', '3'], reason: 'batchItemFailures', attempts: 2 },
    ]);
    expect(fn.calls).toHaveLength(2);
  });

  it('fails the whole batch on a function error or an unknown item identifier', async () => {
    const crashing = scripted(() => crash);
    expect(await deliverBatch(['1', '2'], crashing.invoke, id, settings(2))).toEqual([
      { records: ['1', '2'], reason: 'Error: boom', attempts: 3 },
    ]);
    const confused = scripted(() => ok({ batchItemFailures: [{ itemIdentifier: 'nope' }] }));
    expect(await deliverBatch(['1', '2'], confused.invoke, id, settings(0))).toEqual([
      { records: ['1', '2'], reason: 'batchItemFailures', attempts: 1 },
    ]);
  });

  it('splits a failing batch in halves when bisecting, isolating the poison record', async () => {
    const fn = scripted((batch) => (batch.includes('3') ? crash : ok()));
    const failed = await deliverBatch(['1', '2', '3', '4'], fn.invoke, id, settings(3, true));
    expect(failed).toEqual([expect.objectContaining({ records: ['3'] })]);
    expect(fn.calls).toEqual(expect.arrayContaining([['1', '2'], ['3', '4'], ['4']]));
  });
});
