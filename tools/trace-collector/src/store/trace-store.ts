import {
  TraceAssembler,
  traceIdEpochSeconds,
  type AssembledTrace,
  type SegmentDocument,
} from '@traced-social/trace-model';
import type { FilterNode } from '../filter/ast';
import { matchesTrace } from '../filter/evaluate';
import { parseFilterExpression } from '../filter/parser';
import { computeTraceFacts, type TraceFacts } from './trace-facts';

/** How GetTraceSummaries' time range applies: X-Ray's TimeRangeType. */
export type TimeRangeType = 'TraceId' | 'Event' | 'Service';

export interface SummaryQuery {
  /** Epoch seconds, inclusive. */
  startTime?: number;
  /** Epoch seconds, inclusive. */
  endTime?: number;
  /** `TraceId` (default): the time in the trace id; `Event`: when received; `Service`: segment times. */
  timeRangeType?: TimeRangeType;
  /** A filter expression, as text (throws FilterSyntaxError) or parsed. */
  filter?: string | FilterNode;
}

export interface WaitForTraceOptions {
  /** Resolve only after no new document arrived for this long (default 300 ms). */
  quietMs?: number;
  /** Reject after this long (default 10 s). */
  timeoutMs?: number;
  /** Also wait until this holds (for example: the handler subsegment is there). */
  predicate?: (trace: AssembledTrace) => boolean;
}

interface TraceEntry {
  /** Epoch seconds written in the trace id (the `TraceId` time range reads it). */
  idSeconds: number;
  /** Epoch milliseconds of the first and the latest document. */
  firstReceived: number;
  lastReceived: number;
  /** Documents received for the trace so far (X-Ray's summary `Revision`). */
  revision: number;
  /** Cached; dropped whenever a document arrives. */
  facts?: TraceFacts;
}

/** Facts are precomputed once no document has arrived for this long... */
const PRECOMPUTE_IDLE_MS = 200;
/** ...in slices this long, so that arriving datagrams wait at most one slice. */
const PRECOMPUTE_SLICE_MS = 8;

/**
 * The collector's traces: assembled from pieces in any order, bounded to the newest `maxTraces`
 * (by first arrival), with per-trace facts cached until the trace changes. Facts are computed
 * when ingestion pauses (or on demand by a query), so that ingest keeps the CPU during a burst
 * and queries find them ready afterwards.
 */
export class TraceStore {
  private readonly assembler = new TraceAssembler();
  private readonly entries = new Map<string, TraceEntry>();
  private readonly listeners = new Map<string, Set<() => void>>();
  /** Traces whose facts are not computed yet. */
  private readonly stale = new Set<string>();
  private lastAddAt = 0;
  private precomputeTimer?: NodeJS.Timeout;

  constructor(readonly maxTraces: number) {
    if (!Number.isInteger(maxTraces) || maxTraces < 1) {
      throw new Error(`maxTraces must be a positive integer, got ${maxTraces}`);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Adds a validated document; returns its trace id and the ids of traces evicted for room. */
  add(document: SegmentDocument, receivedAt = Date.now()): { traceId: string; evicted: string[] } {
    const traceId = this.assembler.add(document);
    const entry = this.entries.get(traceId);
    if (entry) {
      entry.lastReceived = Math.max(entry.lastReceived, receivedAt);
      entry.firstReceived = Math.min(entry.firstReceived, receivedAt);
      entry.revision++;
      entry.facts = undefined;
    } else {
      this.entries.set(traceId, {
        idSeconds: traceIdEpochSeconds(traceId),
        firstReceived: receivedAt,
        lastReceived: receivedAt,
        revision: 1,
      });
    }
    this.stale.add(traceId);
    this.lastAddAt = performance.now();
    this.schedulePrecompute(PRECOMPUTE_IDLE_MS);
    const evicted: string[] = [];
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxTraces) break;
      this.entries.delete(oldest);
      this.assembler.delete(oldest);
      this.stale.delete(oldest);
      evicted.push(oldest);
    }
    this.listeners.get(traceId)?.forEach((notify) => notify());
    return { traceId, evicted };
  }

  has(traceId: string): boolean {
    return this.entries.has(traceId);
  }

  /** Trace ids, oldest first. */
  traceIds(): string[] {
    return [...this.entries.keys()];
  }

  getTrace(traceId: string): AssembledTrace | undefined {
    return this.assembler.assemble(traceId);
  }

  /** The documents held for a trace as received (latest copy of each id). */
  documents(traceId: string): SegmentDocument[] {
    return this.assembler.documents(traceId);
  }

  /** When the trace's documents arrived (epoch ms) and how many did. */
  info(
    traceId: string,
  ): { firstReceived: number; lastReceived: number; revision: number } | undefined {
    const entry = this.entries.get(traceId);
    if (!entry) return undefined;
    const { firstReceived, lastReceived, revision } = entry;
    return { firstReceived, lastReceived, revision };
  }

  facts(traceId: string): TraceFacts | undefined {
    const entry = this.entries.get(traceId);
    if (!entry) return undefined;
    if (!entry.facts) {
      entry.facts = computeTraceFacts(traceId, this.assembler.documents(traceId));
    }
    return entry.facts;
  }

  /** Facts of the traces in range that match the filter, newest first (then by id). */
  summaries(query: SummaryQuery = {}): TraceFacts[] {
    return this.query(query).matches;
  }

  /** {@link summaries}, with how many traces of the time range were scanned. */
  query(query: SummaryQuery = {}): { matches: TraceFacts[]; scanned: number } {
    const filter =
      typeof query.filter === 'string' ? parseFilterExpression(query.filter) : query.filter;
    const matches: TraceFacts[] = [];
    let scanned = 0;
    for (const [traceId, entry] of this.entries) {
      if (!inRange(entry, query)) continue;
      const facts = entry.facts ?? (this.facts(traceId) as TraceFacts);
      if (query.timeRangeType === 'Service' && !overlaps(facts, query)) continue;
      scanned++;
      if (filter && !matchesTrace(filter, facts)) continue;
      matches.push(facts);
    }
    return { matches: matches.sort(newestFirst), scanned };
  }

  /** Traces whose facts wait to be computed (in the next pause of ingestion, or by a query). */
  get pendingFacts(): number {
    return this.stale.size;
  }

  /** Stops background work (facts precomputation); the store stays readable. */
  dispose(): void {
    clearTimeout(this.precomputeTimer);
    this.precomputeTimer = undefined;
  }

  private schedulePrecompute(delayMs: number): void {
    if (this.precomputeTimer) return;
    this.precomputeTimer = setTimeout(() => {
      this.precomputeTimer = undefined;
      this.precompute();
    }, delayMs);
    this.precomputeTimer.unref();
  }

  private precompute(): void {
    const idleFor = performance.now() - this.lastAddAt;
    if (idleFor < PRECOMPUTE_IDLE_MS) {
      this.schedulePrecompute(PRECOMPUTE_IDLE_MS - idleFor);
      return;
    }
    const until = performance.now() + PRECOMPUTE_SLICE_MS;
    for (const traceId of this.stale) {
      this.stale.delete(traceId);
      this.facts(traceId);
      if (performance.now() > until) break;
    }
    if (this.stale.size) this.schedulePrecompute(1);
  }

  /**
   * Resolves with the assembled trace once it exists, satisfies `predicate`, and has been quiet
   * for `quietMs`. Rejects after `timeoutMs`, saying what it holds of the trace.
   */
  waitForTrace(traceId: string, options: WaitForTraceOptions = {}): Promise<AssembledTrace> {
    const { quietMs = 300, timeoutMs = 10_000, predicate } = options;
    return new Promise((resolve, reject) => {
      let quietTimer: NodeJS.Timeout | undefined;
      const listeners = this.listeners.get(traceId) ?? new Set();
      this.listeners.set(traceId, listeners);
      const finish = () => {
        clearTimeout(quietTimer);
        clearTimeout(deadline);
        listeners.delete(onChange);
        if (listeners.size === 0) this.listeners.delete(traceId);
      };
      const check = () => {
        const trace = this.getTrace(traceId);
        if (trace && (!predicate || predicate(trace))) {
          finish();
          resolve(trace);
        }
      };
      const onChange = () => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(check, quietMs);
      };
      const deadline = setTimeout(() => {
        finish();
        const held = this.documents(traceId).map((d) => d.name);
        reject(
          new Error(
            `trace ${traceId} was not complete within ${timeoutMs} ms; ` +
              (held.length
                ? `it holds ${held.length} documents: ${held.join(', ')}`
                : 'nothing received'),
          ),
        );
      }, timeoutMs);
      listeners.add(onChange);
      if (this.has(traceId)) onChange();
    });
  }
}

/** A cheap pre-check on times known without computing the trace's facts. */
function inRange(entry: TraceEntry, query: SummaryQuery): boolean {
  const { startTime = -Infinity, endTime = Infinity } = query;
  switch (query.timeRangeType ?? 'TraceId') {
    case 'TraceId':
      return entry.idSeconds >= Math.floor(startTime) && entry.idSeconds <= endTime;
    case 'Event':
      return entry.lastReceived / 1000 >= startTime && entry.firstReceived / 1000 <= endTime;
    case 'Service':
      return true;
  }
}

function overlaps(facts: TraceFacts, query: SummaryQuery): boolean {
  const { startTime = -Infinity, endTime = Infinity } = query;
  return (facts.endTime ?? facts.startTime) >= startTime && facts.startTime <= endTime;
}

function newestFirst(a: TraceFacts, b: TraceFacts): number {
  return b.startTime - a.startTime || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
