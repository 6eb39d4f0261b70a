import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchWriteWithRetries } from '../batch-writes';

export interface SeedItemsOptions {
  /** A client of the emulator (for the local cloud, one that bypasses its stream proxy). */
  client: DynamoDBDocumentClient;
  tableName: string;
  count: number;
  /** The item at position `index` (0 ≤ index < count). */
  itemAt: (index: number) => Record<string, unknown>;
  /** Items per page (written by one batchWriteWithRetries, 25 per call). Default 5,000. */
  pageSize?: number;
  /** Pages written at once. Default 8. */
  pagesInFlight?: number;
  /** Progress lines (about every tenth of the items, and the total time). */
  log?: (line: string) => void;
  /** What the items are, for the progress lines ("follow edges"). */
  label?: string;
}

/**
 * Writes `count` generated items straight into an emulator's table: populations no API could
 * create in time (an author's 100,000 or 1,000,000 followers) for benches and the load. Pages of
 * BatchWriteItem calls run in parallel (unprocessed items retried), with progress output.
 * Resolves with the seconds it took.
 */
export async function seedItems(options: SeedItemsOptions): Promise<number> {
  const { client, tableName, count, itemAt, log = () => undefined, label = 'items' } = options;
  const pageSize = options.pageSize ?? 5_000;
  const pagesInFlight = options.pagesInFlight ?? 8;
  const pages = Math.ceil(count / pageSize);
  const reportEvery = Math.max(1, Math.ceil(pages / 10));
  const started = performance.now();
  log(`writing ${count.toLocaleString('en')} ${label} into ${tableName}…`);
  let nextPage = 0;
  let pagesDone = 0;
  // Each writer takes the next unwritten page until none is left.
  const writer = async (): Promise<void> => {
    for (let page = nextPage++; page < pages; page = nextPage++) {
      const from = page * pageSize;
      const size = Math.min(pageSize, count - from);
      const requests = Array.from({ length: size }, (_, i) => ({
        PutRequest: { Item: itemAt(from + i) },
      }));
      await batchWriteWithRetries(tableName, requests, { client });
      pagesDone++;
      if (pagesDone % reportEvery === 0 && pagesDone < pages) {
        const written = Math.min(pagesDone * pageSize, count).toLocaleString('en');
        log(`  ${written} ${label} (${seconds(started)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(pagesInFlight, pages) }, writer));
  const total = (performance.now() - started) / 1000;
  log(`  ${count.toLocaleString('en')} ${label} written in ${total.toFixed(1)} s`);
  return total;
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(0);
