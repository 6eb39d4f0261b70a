import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Everything below this line in a recorded report is written by hand and kept on re-recording. */
export const ANALYSIS_MARKER = '<!-- analysis: kept when the figures above are re-recorded -->';

/**
 * Writes a recorded benchmark report: the generated figures, then the hand-written analysis of
 * the previous file (from {@link ANALYSIS_MARKER} on), if it had one.
 */
export function writeRecordedReport(file: string, generated: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const at = previous.indexOf(ANALYSIS_MARKER);
  const analysis = at >= 0 ? previous.slice(at) : `${ANALYSIS_MARKER}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${generated.trimEnd()}\n\n${analysis}`);
}
