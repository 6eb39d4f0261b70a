import type { WireService } from '../../api/service-graph';
import type { WireTraceSummary } from '../../api/xray-shapes';
import type { CollectorStats } from '../../stats';
import type { LogLine } from '../../logs/log-store';
import type { Waterfall } from '../waterfall';

/** The viewer reads the same X-Ray API the SDK client uses, plus viewer-only reads. */
export class ApiRequestError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const payload = (await response.json()) as T & { Message?: string };
  if (!response.ok)
    throw new ApiRequestError(payload.Message ?? response.statusText, response.status);
  return payload;
}

export interface SummaryPage {
  TraceSummaries: WireTraceSummary[];
  TracesProcessedCount: number;
  NextToken?: string;
}

export function getTraceSummaries(
  lastSeconds: number,
  filter: string,
  nextToken?: string,
): Promise<SummaryPage> {
  const now = Date.now() / 1000;
  return call('/TraceSummaries', {
    StartTime: now - lastSeconds,
    EndTime: now + 1,
    ...(filter.trim() ? { FilterExpression: filter } : {}),
    ...(nextToken ? { NextToken: nextToken } : {}),
  });
}

export function getServiceGraph(lastSeconds: number): Promise<{ Services: WireService[] }> {
  const now = Date.now() / 1000;
  return call('/ServiceGraph', { StartTime: now - lastSeconds, EndTime: now + 1 });
}

export function getGroups(): Promise<{
  Groups: Array<{ GroupName: string; FilterExpression?: string }>;
}> {
  return call('/Groups', {});
}

export function getWaterfall(traceId: string): Promise<Waterfall> {
  return call(`/viewer/api/traces/${encodeURIComponent(traceId)}`);
}

export function getLogs(traceId: string): Promise<{ traceId: string; lines: LogLine[] }> {
  return call(`/viewer/api/logs/${encodeURIComponent(traceId)}`);
}

export function getStats(): Promise<CollectorStats> {
  return call('/viewer/api/stats');
}
