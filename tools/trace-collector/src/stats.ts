/** What the collector has received, kept and refused since it started. */
export interface CollectorStats {
  /** Documents (datagrams, PutTraceSegments entries, in-process calls) received. */
  received: number;
  accepted: number;
  rejected: number;
  /** Rejected documents by reason. */
  rejectReasons: Record<string, number>;
  /** The latest rejections (at most {@link RECENT_REJECTS}), newest last. */
  recentRejects: RejectRecord[];
  /** Traces dropped to stay within `maxTraces`. */
  evicted: number;
  /** Traces held now. */
  traces: number;
}

export interface RejectRecord {
  /** Epoch milliseconds. */
  at: number;
  source: string;
  reasons: string[];
  /** The start of the rejected input, for finding the sender. */
  excerpt: string;
}

export const RECENT_REJECTS = 20;

export class StatsCounter {
  private received = 0;
  private accepted = 0;
  private rejected = 0;
  private evicted = 0;
  private readonly reasons: Record<string, number> = {};
  private readonly recent: RejectRecord[] = [];

  countReceived(): void {
    this.received++;
  }

  countAccepted(): void {
    this.accepted++;
  }

  countEvicted(traces: number): void {
    this.evicted += traces;
  }

  countRejected(source: string, reasons: string[], input: string): void {
    this.rejected++;
    for (const reason of reasons)
      this.reasons[reasonKey(reason)] = (this.reasons[reasonKey(reason)] ?? 0) + 1;
    this.recent.push({ at: Date.now(), source, reasons, excerpt: input.slice(0, 200) });
    if (this.recent.length > RECENT_REJECTS) this.recent.shift();
  }

  snapshot(traces: number): CollectorStats {
    return {
      received: this.received,
      accepted: this.accepted,
      rejected: this.rejected,
      rejectReasons: { ...this.reasons },
      recentRejects: [...this.recent],
      evicted: this.evicted,
      traces,
    };
  }
}

/** Groups reasons that differ only by a measured size, so the table of reasons stays short. */
function reasonKey(reason: string): string {
  return reason.replace(/document is \d+ bytes/, 'document is too large');
}
