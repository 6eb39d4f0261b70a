/** Latency samples per route (milliseconds), and their percentiles. */
export class RouteLatencies {
  private readonly samples = new Map<string, number[]>();
  private readonly unexpected = new Map<string, number>();

  record(route: string, ms: number, expectedStatus: boolean): void {
    const samples = this.samples.get(route) ?? [];
    if (!this.samples.has(route)) this.samples.set(route, samples);
    samples.push(ms);
    if (!expectedStatus) this.unexpected.set(route, (this.unexpected.get(route) ?? 0) + 1);
  }

  summary(): Array<{ route: string; count: number; p50: number; p99: number; unexpected: number }> {
    return [...this.samples]
      .map(([route, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        return {
          route,
          count: sorted.length,
          p50: percentile(sorted, 50),
          p99: percentile(sorted, 99),
          unexpected: this.unexpected.get(route) ?? 0,
        };
      })
      .sort((a, b) => b.count - a.count);
  }
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}
