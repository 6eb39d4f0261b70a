/**
 * The cost of redaction per invocation: the current redactor (libs/observability) beside the one
 * before issue 12 (`redaction/baseline-redactor.ts`), on what each kind of invocation hands it
 * (`redaction/scenarios.ts`), in the same process, rounds interleaved. Target (issue 12): the
 * observability bench handler's redaction within 10 % of the baseline's.
 *
 *   npm run bench -- redaction [--rounds=7] [--record]
 */
import { createRedactor } from '@traced-social/observability/conventions';
import { flag, numberFlag } from '../lib/args';
import { printReport } from '../lib/report';
import { formatTable, median } from '../lib/stats';
import { runSuite } from '../lib/suite';
import { createRedactor as createBaselineRedactor } from '../redaction/baseline-redactor';
import { SCENARIOS, type RedactionScenario, type RedactorLike } from '../redaction/scenarios';

/** Enough calls per sample that a sample lasts a few milliseconds. */
const SAMPLE_MS = 20;

/** Nanoseconds per call of `scenario` on `redactor`, over one sample of `calls` calls. */
function sample(scenario: RedactionScenario, redactor: RedactorLike, calls: number): number {
  let sink: unknown;
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i++) sink = scenario.invoke(redactor);
  const ns = Number(process.hrtime.bigint() - started) / calls;
  if (sink === undefined) throw new Error('the scenario returned nothing');
  return ns;
}

/** Calls per sample: measured once, on the baseline, so both sides run as many. */
function callsPerSample(scenario: RedactionScenario, redactor: RedactorLike): number {
  for (let i = 0; i < 2000; i++) scenario.invoke(redactor);
  const ns = sample(scenario, redactor, 2000);
  return Math.max(1000, Math.round((SAMPLE_MS * 1e6) / ns));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rounds = numberFlag(args, 'rounds', 7);
  const record = flag(args, 'record') === 'true';
  const baseline = createBaselineRedactor();
  const current = createRedactor();

  const rows: Array<Array<string | number>> = [];
  const checks: Array<Array<string | number>> = [];
  for (const scenario of SCENARIOS) {
    const calls = callsPerSample(scenario, baseline);
    sample(scenario, current, calls); // warm the current redactor as much
    const before: number[] = [];
    const after: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so drift on a busy machine hits both alike.
      if (round % 2 === 0) {
        before.push(sample(scenario, baseline, calls));
        after.push(sample(scenario, current, calls));
      } else {
        after.push(sample(scenario, current, calls));
        before.push(sample(scenario, baseline, calls));
      }
    }
    const ratio = median(after) / median(before);
    rows.push([
      scenario.name,
      calls,
      median(before).toFixed(0),
      median(after).toFixed(0),
      ratio.toFixed(2),
    ]);
    if (scenario.target !== undefined) {
      checks.push([
        `${scenario.name}: current ≤ baseline + ${scenario.target * 100} %`,
        `${((ratio - 1) * 100).toFixed(1)} %`,
        ratio <= 1 + scenario.target ? 'met' : 'MISSED',
      ]);
    }
    console.log(
      `${scenario.name}: ${median(before).toFixed(0)} ns → ${median(after).toFixed(0)} ns`,
    );
  }

  const report = [
    `${rounds} rounds; in each, one sample per redactor per scenario (the same number of calls, about ${SAMPLE_MS} ms), order alternating. Figures are medians of the rounds, in nanoseconds per invocation.`,
    '',
    formatTable(
      ['scenario', 'calls/sample', 'baseline ns/inv', 'current ns/inv', 'current ÷ baseline'],
      rows,
    ),
    '',
    formatTable(['target', 'measured', 'result'], checks),
    '',
    ...SCENARIOS.map((s) => `- **${s.name}**: ${s.what}.`),
  ].join('\n');
  await printReport(
    report,
    record,
    'redaction',
    'the cost of redaction per invocation (libs/observability)',
  );
}

runSuite(main);
