import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Where each event source mapping got to in each shard (the last sequence number delivered or
 * dead-lettered), kept on disk so a restart resumes where it stopped rather than at the start
 * position, as Lambda's event source mappings do.
 */
export class Checkpoints {
  private readonly positions: Record<string, string>;

  constructor(private readonly file: string) {
    try {
      this.positions = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    } catch {
      this.positions = {};
    }
  }

  get(key: string): string | undefined {
    return this.positions[key];
  }

  set(key: string, sequenceNumber: string): void {
    this.positions[key] = sequenceNumber;
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.positions, null, 2));
    renameSync(temporary, this.file);
  }
}
