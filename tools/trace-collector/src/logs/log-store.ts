import { TRACE_ID_PATTERN } from '@traced-social/trace-model';

/** One log line of a function, kept because it names the trace it was written in. */
export interface LogLine {
  traceId: string;
  functionName: string;
  /** ISO time the line carries (Powertools' `timestamp`), else when it was received. */
  timestamp: string;
  /** `INFO`, `WARN`, `ERROR`... as written. */
  level?: string;
  message?: string;
  /** The whole line as the function wrote it (already redacted by the observability logger). */
  text: string;
}

export const DEFAULT_MAX_LOG_LINES = 50_000;

/**
 * The functions' log lines by trace id, as CloudWatch Logs Insights finds them in AWS with
 * `xray_trace_id`: every JSON line the observability logger writes carries it. Lines without a
 * trace id (a library's warning) are not kept: nothing could find them. Bounded: past
 * `maxLines`, the oldest lines go first.
 */
export class LogStore {
  private readonly lines: LogLine[] = [];
  private readonly byTrace = new Map<string, LogLine[]>();

  constructor(private readonly maxLines = DEFAULT_MAX_LOG_LINES) {}

  /** Keeps `text` if it is a JSON log line naming its trace; answers whether it did. */
  add(functionName: string, text: string, receivedAt = new Date()): boolean {
    const line = parseLogLine(functionName, text, receivedAt);
    if (!line) return false;
    this.lines.push(line);
    const ofTrace = this.byTrace.get(line.traceId) ?? [];
    ofTrace.push(line);
    this.byTrace.set(line.traceId, ofTrace);
    while (this.lines.length > this.maxLines) this.forget(this.lines.shift());
    return true;
  }

  /** A trace's lines in the order they were written. */
  forTrace(traceId: string): LogLine[] {
    return [...(this.byTrace.get(traceId) ?? [])];
  }

  get size(): number {
    return this.lines.length;
  }

  private forget(line: LogLine | undefined): void {
    if (!line) return;
    const ofTrace = this.byTrace.get(line.traceId);
    ofTrace?.shift();
    if (!ofTrace?.length) this.byTrace.delete(line.traceId);
  }
}

/** A JSON object line with a valid `xray_trace_id`, or undefined. */
export function parseLogLine(
  functionName: string,
  text: string,
  receivedAt: Date,
): LogLine | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let fields: Record<string, unknown>;
  try {
    fields = JSON.parse(trimmed) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const traceId = fields.xray_trace_id;
  if (typeof traceId !== 'string' || !TRACE_ID_PATTERN.test(traceId)) return undefined;
  const field = (key: string): string | undefined =>
    typeof fields[key] === 'string' ? (fields[key] as string) : undefined;
  return {
    traceId,
    functionName,
    timestamp: field('timestamp') ?? receivedAt.toISOString(),
    level: field('level'),
    message: field('message'),
    text: trimmed,
  };
}
