import type { TraceFacts } from '../../store/trace-facts';
import type { TimeRangeType } from '../../store/trace-store';
import { readJsonObject, readTimeRange, invalidRequest } from '../http-api';
import type { CollectorRoute } from '../context';
import { queryFilter } from '../query-filter';
import { toTraceSummary } from '../xray-shapes';

/** Summaries per page; X-Ray pages too, and the viewer asks page by page. */
export const SUMMARY_PAGE_SIZE = 100;

const TIME_RANGE_TYPES = new Set<string>(['TraceId', 'Event', 'Service']);

/**
 * X-Ray GetTraceSummaries: traces in a time range matching a filter expression, newest first.
 * NextToken is a cursor (start time + id of the last summary sent), so traces arriving between
 * pages neither repeat nor shift the next page.
 */
export const traceSummariesRoute: CollectorRoute = {
  method: 'POST',
  path: '/TraceSummaries',
  handle(request, { store, groups }) {
    const body = readJsonObject(request);
    const { startTime, endTime } = readTimeRange(body);
    const timeRangeType = body.TimeRangeType ?? 'TraceId';
    if (typeof timeRangeType !== 'string' || !TIME_RANGE_TYPES.has(timeRangeType)) {
      throw invalidRequest('TimeRangeType must be TraceId, Event or Service');
    }
    const filter = queryFilter(body.FilterExpression, groups);
    const { matches, scanned } = store.query({
      startTime,
      endTime,
      timeRangeType: timeRangeType as TimeRangeType,
      filter,
    });
    const cursor = decodeToken(body.NextToken);
    const from = cursor
      ? matches.findIndex(
          (t) => t.startTime < cursor.s || (t.startTime === cursor.s && t.id > cursor.i),
        )
      : 0;
    const page = from < 0 ? [] : matches.slice(from, from + SUMMARY_PAGE_SIZE);
    const last = page[page.length - 1];
    const more = from >= 0 && from + SUMMARY_PAGE_SIZE < matches.length;
    // Summaries are spliced in as cached JSON: serialising them again for every page would cost
    // more than the filtering itself.
    const summaries = page.map((facts) => summaryJson(facts, store.info(facts.id)?.revision ?? 1));
    const rest = JSON.stringify({
      ApproximateTime: Date.now() / 1000,
      TracesProcessedCount: scanned,
      ...(more && last ? { NextToken: encodeToken({ s: last.startTime, i: last.id }) } : {}),
    });
    return {
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `{"TraceSummaries":[${summaries.join(',')}],${rest.slice(1)}`,
    };
  },
};

/** A trace's summary as JSON, kept as long as its facts are (facts are replaced on change). */
const summaryCache = new WeakMap<TraceFacts, string>();

function summaryJson(facts: TraceFacts, revision: number): string {
  let json = summaryCache.get(facts);
  if (json === undefined) {
    json = JSON.stringify(toTraceSummary(facts, revision));
    summaryCache.set(facts, json);
  }
  return json;
}

interface Cursor {
  s: number;
  i: string;
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: unknown): Cursor | undefined {
  if (token === undefined || token === null || token === '') return undefined;
  try {
    const cursor = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as Cursor;
    if (typeof cursor.s === 'number' && typeof cursor.i === 'string') return cursor;
  } catch {
    // fall through to the error below
  }
  throw invalidRequest('NextToken is not one this collector issued');
}
