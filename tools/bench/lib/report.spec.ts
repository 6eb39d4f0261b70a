import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSIS_MARKER, writeRecordedReport } from './report';

describe('writeRecordedReport', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'bench-report-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the figures and an empty analysis section the first time', () => {
    const file = join(dir, 'nested', 'report.md');
    writeRecordedReport(file, '# Figures\n| a |');
    expect(readFileSync(file, 'utf8')).toBe(`# Figures\n| a |\n\n${ANALYSIS_MARKER}\n`);
  });

  it('replaces the figures and keeps the hand-written analysis', () => {
    const file = join(dir, 'report.md');
    writeFileSync(file, `# Old figures\n\n${ANALYSIS_MARKER}\nWhy the target was missed.\n`);
    writeRecordedReport(file, '# New figures');
    expect(readFileSync(file, 'utf8')).toBe(
      `# New figures\n\n${ANALYSIS_MARKER}\nWhy the target was missed.\n`,
    );
  });
});
