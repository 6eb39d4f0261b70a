import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { WORKSPACE_ROOT } from './child-process';
import { describeMachine } from './machine';

/** Everything below this line in a recorded report is written by hand and kept on re-recording. */
export const ANALYSIS_MARKER = '<!-- analysis: kept when the figures above are re-recorded -->';

/**
 * Writes a recorded benchmark report: the generated figures, then the hand-written analysis of
 * the previous file (from {@link ANALYSIS_MARKER} on), if it had one. The file is formatted as
 * the repository's format check expects, so re-recording never breaks CI.
 */
export async function writeRecordedReport(
  file: string,
  generated: string,
  format: (file: string, text: string) => Promise<string> = formatMarkdown,
): Promise<void> {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(ANALYSIS_MARKER);
  const analysis = at >= 0 ? previous.slice(at) : `${ANALYSIS_MARKER}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await format(file, `${generated.trimEnd()}\n\n${analysis}`));
}

/** Markdown as Prettier writes it with the workspace's configuration. */
export async function formatMarkdown(file: string, text: string): Promise<string> {
  // Loaded on use: Prettier 3 loads its plugins with dynamic imports, which Jest cannot run.
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(text, { ...config, parser: 'markdown' });
}

/** The head of every recorded report: its title, when and by which command, on what machine. */
export function recordedReportHeader(title: string, suite: string): string {
  return [
    `# Benchmark: ${title}`,
    '',
    `Recorded ${new Date().toISOString()} by \`npm run bench -- ${suite} --record\`.`,
    '',
    `Machine: ${describeMachine()}.`,
    '',
  ].join('\n');
}

/**
 * Records a suite's report as `docs/benchmarks/<suite>.md` (the header, then the report; the
 * analysis below the marker kept) and says where.
 */
export async function recordReport(suite: string, title: string, report: string): Promise<void> {
  const file = join(WORKSPACE_ROOT, `docs/benchmarks/${suite}.md`);
  await writeRecordedReport(file, `${recordedReportHeader(title, suite)}\n${report}`);
  console.log(`\nrecorded in ${relative(WORKSPACE_ROOT, file)}`);
}

/** Prints the report and, when the run asked to `--record true`, records it (recordReport). */
export async function printReport(
  report: string,
  record: boolean,
  suite: string,
  title: string,
): Promise<void> {
  console.log(`\n${report}`);
  if (record) await recordReport(suite, title, report);
}
