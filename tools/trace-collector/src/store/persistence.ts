import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { validateSegmentDocument, type SegmentDocument } from '@traced-social/trace-model';

/** One line of the persistence file. */
interface PersistedLine {
  receivedAt: number;
  document: SegmentDocument;
}

export interface LoadResult {
  loaded: number;
  /** Lines that were not a valid persisted document (a torn last line after a crash, edits). */
  skipped: number;
}

/**
 * Traces kept across restarts as JSON lines, one accepted document per line. The file grows by
 * appending while the collector runs and is rewritten to the retained traces on start and close.
 */
export class JsonLinesPersistence {
  private stream?: WriteStream;
  private failed = false;

  constructor(
    readonly file: string,
    /** Told once when appending fails (disk full, file removed); appending then stops. */
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /** Reads every valid line; a missing file is an empty one. */
  async load(
    onDocument: (document: SegmentDocument, receivedAt: number) => void,
  ): Promise<LoadResult> {
    const result: LoadResult = { loaded: 0, skipped: 0 };
    const input = createReadStream(this.file, 'utf8');
    const opened = await new Promise<boolean>((resolve, reject) => {
      input.once('open', () => resolve(true));
      input.once('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ENOENT' ? resolve(false) : reject(error),
      );
    });
    if (!opened) return result;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (!line.trim()) continue;
      const parsed = parseLine(line);
      if (parsed) {
        onDocument(parsed.document, parsed.receivedAt);
        result.loaded++;
      } else {
        result.skipped++;
      }
    }
    return result;
  }

  /** Replaces the file's content with these documents (atomically: temp file, then rename). */
  async rewrite(lines: Iterable<PersistedLine>): Promise<void> {
    await this.closeStream();
    const chunks: string[] = [];
    for (const line of lines) chunks.push(`${JSON.stringify(line)}\n`);
    await writeFileAtomically(this.file, chunks.join(''));
  }

  append(document: SegmentDocument, receivedAt: number): void {
    if (this.failed) return;
    if (!this.stream) {
      this.stream = createWriteStream(this.file, { flags: 'a' });
      this.stream.once('error', (error) => {
        this.failed = true;
        this.stream = undefined;
        this.onError(error);
      });
    }
    this.stream.write(`${JSON.stringify({ receivedAt, document } satisfies PersistedLine)}\n`);
  }

  /** Flushes what was appended. */
  async close(): Promise<void> {
    await this.closeStream();
  }

  private closeStream(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (!stream) return Promise.resolve();
    return new Promise((resolve) => {
      // A write error was already reported through onError; closing must not throw it again.
      stream.once('error', () => resolve());
      stream.end(() => resolve());
    });
  }
}

/** Writes `content` to a temporary file beside `file`, then renames it: never a torn file. */
export async function writeFileAtomically(file: string, content: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, content);
  await rename(temp, file);
}

function parseLine(line: string): PersistedLine | undefined {
  try {
    const parsed = JSON.parse(line) as Partial<PersistedLine>;
    if (typeof parsed.receivedAt !== 'number') return undefined;
    return validateSegmentDocument(parsed.document).length === 0
      ? (parsed as PersistedLine)
      : undefined;
  } catch {
    return undefined;
  }
}
