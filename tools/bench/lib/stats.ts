/** Small statistics for benchmark samples. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile of `values` (not modified). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function mean(values: number[]): number {
  if (values.length === 0) throw new Error('no samples');
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Mean after dropping the slowest `fraction` of samples (GC pauses, scheduler noise). */
export function trimmedMean(values: number[], fraction = 0.05): number {
  const sorted = [...values].sort((a, b) => a - b);
  const keep = Math.max(1, Math.floor(sorted.length * (1 - fraction)));
  return mean(sorted.slice(0, keep));
}

export const toMb = (bytes: number): number => bytes / (1024 * 1024);

export function formatTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_h, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(cells[0]),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}
