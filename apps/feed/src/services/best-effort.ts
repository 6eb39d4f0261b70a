import { addMetadata, logger } from '@traced-social/observability';

/**
 * Runs a cache update whose failure must not fail the record: the cache subsegment holds the
 * error, `cacheError` metadata says which update, and the cache catches up when it expires
 * (decision 0703).
 */
export async function bestEffort(
  update: () => Promise<unknown>,
  context: Record<string, string>,
): Promise<void> {
  try {
    await update();
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unknown';
    addMetadata('cacheError', { ...context, reason });
    logger.warn('Feed cache update failed; the cache catches up when it expires', {
      ...context,
      reason,
    });
  }
}
