import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANALYSIS_MARKER, recordedReportHeader, writeRecordedReport } from './report';

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

describe('recordedReportHeader', () => {
  it('names the benchmark, the command that recorded it and the machine', () => {
    const lines = recordedReportHeader('the collector', 'collector').split('\n');
    expect(lines[0]).toBe('# Benchmark: the collector');
    expect(lines[2]).toMatch(
      /^Recorded \d{4}-\d\d-\d\dT.* by `npm run bench -- collector --record`\.$/,
    );
    expect(lines[4]).toMatch(/^Machine: .*Node v\d+.*\.$/);
    expect(lines.at(-1)).toBe('');
  });
});
