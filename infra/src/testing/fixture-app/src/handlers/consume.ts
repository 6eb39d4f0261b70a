/** Fixture stream/schedule handler: reports no failed records. */
export const handler = async (): Promise<{ batchItemFailures: [] }> => ({ batchItemFailures: [] });
