/**
 * Waits before retry number `retry` (1 for the first retry): exponential from `baseDelayMs`,
 * with "equal jitter" (half fixed, half random) so callers retrying together spread out.
 */
export function backoff(retry: number, baseDelayMs: number): Promise<void> {
  const ceiling = baseDelayMs * 2 ** (retry - 1);
  return new Promise((r) => setTimeout(r, ceiling / 2 + Math.random() * (ceiling / 2)));
}
