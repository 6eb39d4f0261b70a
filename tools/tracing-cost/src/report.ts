import type { CostEstimate } from './cost-model';

const number = (n: number) => Math.round(n).toLocaleString('en-US');
const dollars = (n: number) => `$${n.toFixed(2)}`;

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [
    line(headers),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** The per-rule table of one estimate, then the totals with and without the boost budget. */
export function formatReport(
  title: string,
  base: CostEstimate,
  boosted: CostEstimate,
  boostLabel: string,
): string {
  const rules = table(
    ['sampling rule', 'req/s', 'reservoir/s', 'fixed rate', 'traces/s', 'traces/month'],
    [
      ...base.rules.map((r) => [
        r.rule,
        r.rps.toFixed(2),
        String(r.reservoirSize),
        `${(r.fixedRate * 100).toFixed(1)} %`,
        r.tracesPerSecond.toFixed(3),
        number(r.tracesPerMonth),
      ]),
      [
        'scheduled functions (Lambda: 1/s, then 5 %)',
        '',
        '',
        '',
        '',
        number(base.scheduledTracesPerMonth),
      ],
    ],
  );
  const totals = table(
    ['per month', 'recorded', 'retrieved', 'scanned', 'price'],
    [
      [
        'rules as deployed',
        number(base.recorded),
        number(base.retrieved),
        number(base.scanned),
        dollars(base.dollars),
      ],
      [
        boostLabel,
        number(boosted.recorded),
        number(boosted.retrieved),
        number(boosted.scanned),
        dollars(boosted.dollars),
      ],
    ],
  );
  return `${title}\n\n${rules}\n\n${totals}`;
}
