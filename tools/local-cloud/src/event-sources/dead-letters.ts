import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface DeadLetter {
  functionName: string;
  eventSourceArn: string;
  /** Why the records failed: the function's error, or `batchItemFailures`. */
  reason: string;
  attempts: number;
  records: unknown[];
}

/**
 * The on-failure destination of the event sources: records that still failed after the retry
 * limit are appended, one JSON line per record, to `<dir>/<function>.jsonl`. Nothing is dropped.
 */
export class DeadLetters {
  constructor(private readonly dir: string) {}

  fileFor(functionName: string): string {
    return join(this.dir, `${functionName}.jsonl`);
  }

  async write(letter: DeadLetter): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const at = new Date().toISOString();
    const lines = letter.records.map((record) =>
      JSON.stringify({
        at,
        functionName: letter.functionName,
        eventSourceArn: letter.eventSourceArn,
        reason: letter.reason,
        attempts: letter.attempts,
        record,
      }),
    );
    await appendFile(this.fileFor(letter.functionName), lines.join('\n') + '\n');
  }
}
