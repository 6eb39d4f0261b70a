/**
 * Some requests of a batch call were still unprocessed after every attempt: the batch is
 * incomplete, so it fails rather than drop or invent anything.
 */
export abstract class UnprocessedRequestsError extends Error {
  constructor(
    readonly table: string,
    readonly unprocessed: number,
    requests: string,
  ) {
    super(`${unprocessed} ${requests} ${table} still unprocessed after retries`);
  }
}
