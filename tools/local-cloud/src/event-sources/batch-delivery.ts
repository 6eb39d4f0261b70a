import type { InvokeOutcome } from '../lambda/function-instance';

export interface DeliverySettings {
  /** Retries of a failed batch before its records are dead-lettered. */
  maxRetries: number;
  bisectBatchOnError: boolean;
  /** Pause before retry n (1-based). */
  backoffMs: (attempt: number) => number;
}

export interface FailedRecords<R> {
  records: R[];
  reason: string;
  attempts: number;
}

/**
 * Delivers one batch as Lambda's stream event source mappings do: a function error fails the whole
 * batch; a `batchItemFailures` answer fails the batch from the first failed record on (the records
 * before it are done); the failed part is retried up to `maxRetries` times (split in halves first
 * when `bisectBatchOnError`); what still fails is returned for the dead-letter destination.
 * `identifierOf` gives the itemIdentifier Lambda expects (the record's sequence number).
 */
export async function deliverBatch<R>(
  records: R[],
  invoke: (batch: R[]) => Promise<InvokeOutcome>,
  identifierOf: (record: R) => string,
  settings: DeliverySettings,
): Promise<Array<FailedRecords<R>>> {
  const failed: Array<FailedRecords<R>> = [];
  let pending = records;
  let attempts = 0;
  while (pending.length) {
    attempts++;
    const outcome = await invoke(pending);
    const failure = firstFailure(outcome, pending, identifierOf);
    if (failure === undefined) return failed;
    const reason = outcome.ok
      ? 'batchItemFailures'
      : `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
    pending = pending.slice(failure);
    if (attempts > settings.maxRetries) {
      failed.push({ records: pending, reason, attempts });
      return failed;
    }
    if (settings.bisectBatchOnError && !outcome.ok && pending.length > 1) {
      const half = Math.ceil(pending.length / 2);
      const retry = { ...settings, maxRetries: settings.maxRetries - attempts };
      failed.push(...(await deliverBatch(pending.slice(0, half), invoke, identifierOf, retry)));
      failed.push(...(await deliverBatch(pending.slice(half), invoke, identifierOf, retry)));
      return failed;
    }
    await new Promise((r) => setTimeout(r, settings.backoffMs(attempts)));
  }
  return failed;
}

/** Index of the first record to retry, or undefined when the whole batch succeeded. */
function firstFailure<R>(
  outcome: InvokeOutcome,
  batch: R[],
  identifierOf: (record: R) => string,
): number | undefined {
  if (!outcome.ok) return 0;
  const reported = (
    outcome.value as { batchItemFailures?: Array<{ itemIdentifier?: unknown }> } | null
  )?.batchItemFailures;
  if (!Array.isArray(reported) || reported.length === 0) return undefined;
  const ids = batch.map(identifierOf);
  let first = batch.length;
  for (const item of reported) {
    const index = ids.indexOf(String(item?.itemIdentifier ?? ''));
    // An identifier that names no record of the batch fails the whole batch, as in Lambda.
    if (index < 0) return 0;
    first = Math.min(first, index);
  }
  return first;
}
