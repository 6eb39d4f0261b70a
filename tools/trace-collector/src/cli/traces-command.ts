import type { Trace, TraceSummary } from '@aws-sdk/client-xray';
import { apiTraceTree, renderTraceTree, type SegmentDocument } from '@traced-social/trace-model';
import { defineCommand } from './command-line';
import { parseDurationSeconds } from './durations';
import { findTraceSummaries, getTraces, xrayApiClient } from './xray-api';

export const TRACES_USAGE = `Usage: npm run traces -- [--filter 'EXPR'] [--last 5m] [--id TRACE_ID] [--limit 20] [--endpoint URL]

Prints matching traces as indented trees (durations, status, annotations), newest first.
  --filter    an X-Ray filter expression, e.g. 'fault OR annotation.operationType = "CREATE_POST"'
  --last      time window: 90s, 5m (default), 2h, 1d
  --id        one trace (repeatable); --filter and --last are then ignored
  --limit     at most this many traces (default 20)
  --endpoint  the collector (default $XRAY_ENDPOINT, $AWS_ENDPOINT_URL_XRAY or http://127.0.0.1:2000)`;

/**
 * The `traces` command: queries the collector (or AWS X-Ray: it is the real client) and prints
 * trees. Returns the process exit code; output goes through `out`.
 */
export const runTracesCommand = defineCommand({
  usage: TRACES_USAGE,
  options: {
    filter: { type: 'string' },
    last: { type: 'string', default: '5m' },
    id: { type: 'string', multiple: true },
    limit: { type: 'string', default: '20' },
    endpoint: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  async run(options, out, env) {
    const limit = Number(options.limit);
    let lastSeconds: number;
    try {
      lastSeconds = parseDurationSeconds(options.last);
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error('--limit must be a positive integer');
    } catch (error) {
      out(`${(error as Error).message}\n\n${TRACES_USAGE}`);
      return 2;
    }
    const client = xrayApiClient(options.endpoint, env);
    try {
      const summaries = options.id?.length
        ? undefined
        : await findTraceSummaries(client, { lastSeconds, filter: options.filter, limit });
      const ids = options.id ?? summaries?.map((s) => s.Id as string) ?? [];
      if (!ids.length) {
        out(
          `No traces in the last ${options.last}${options.filter ? ` matching ${options.filter}` : ''}.`,
        );
        return 0;
      }
      const byId = new Map(summaries?.map((s) => [s.Id, s]));
      const traces = await getTraces(client, ids);
      for (const trace of traces) {
        out(renderTrace(trace, byId.get(trace.Id)));
        out('');
      }
      const missing = ids.filter((id) => !traces.some((t) => t.Id === id));
      for (const id of missing) out(`${id}: no such trace (never received, or evicted)`);
      return missing.length ? 1 : 0;
    } catch (error) {
      out(`${(error as Error).name}: ${(error as Error).message}`);
      return 1;
    } finally {
      client.destroy();
    }
  },
});

export function renderTrace(trace: Trace, summary?: TraceSummary): string {
  const documents = (trace.Segments ?? []).map(
    (s) => JSON.parse(s.Document ?? '{}') as SegmentDocument,
  );
  const roots = apiTraceTree(trace);
  const start = Math.min(...documents.map((d) => d.start_time));
  const http = summary?.Http;
  const head = [
    trace.Id,
    new Date(start * 1000).toISOString(),
    http?.HttpMethod,
    http?.HttpURL,
    http?.HttpStatus,
    trace.Duration !== undefined ? `${(trace.Duration * 1000).toFixed(1)} ms` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join('  ');
  return `${head}\n${renderTraceTree(roots)}`;
}
