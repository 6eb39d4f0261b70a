import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSIS_MARKER, writeRecordedReport } from './report';

describe('writeRecordedReport', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the figures, formatted, and an empty analysis section the first time', async () => {
    const file = join(dir, 'nested', 'report.md');
    const formatted: string[] = [];
    const format = async (_file: string, text: string) => {
      formatted.push(text);
      return `${text}<!-- formatted -->\n`;
    };
    await writeRecordedReport(file, '# Figures\n| a |', format);
    expect(formatted).toEqual([`# Figures\n| a |\n\n${ANALYSIS_MARKER}\n`]);
    expect(readFileSync(file, 'utf8')).toBe(
      `# Figures\n| a |\n\n${ANALYSIS_MARKER}\n<!-- formatted -->\n`,
    );
  });

  it('replaces the figures and keeps the hand-written analysis', async () => {
    const file = join(dir, 'report.md');
    writeFileSync(file, `# Old figures\n\n${ANALYSIS_MARKER}\nWhy the target was missed.\n`);
    await writeRecordedReport(file, '# New figures', async (_file, text) => text);
    expect(readFileSync(file, 'utf8')).toBe(
      `# New figures\n\n${ANALYSIS_MARKER}\nWhy the target was missed.\n`,
    );
  });
});
