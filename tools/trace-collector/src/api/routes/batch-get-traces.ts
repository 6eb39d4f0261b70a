import { jsonResponse, readJsonObject, readTraceIds } from '../http-api';
import type { CollectorRoute } from '../context';
import { seconds } from '../xray-shapes';

/**
 * X-Ray BatchGetTraces: each trace's top-level segments as JSON strings, with their independent
 * subsegments merged in, as X-Ray returns them. Subsegments whose parent never arrived (the
 * Lambda function segment is not sent by the SDK) are returned as documents of their own.
 */
export const batchGetTracesRoute: CollectorRoute = {
  method: 'POST',
  path: '/Traces',
  handle(request, { store }) {
    const body = readJsonObject(request);
    const ids = readTraceIds(body);
    const traces = [];
    const unprocessed: string[] = [];
    for (const id of ids) {
      const trace = store.getTrace(id);
      if (!trace) {
        unprocessed.push(id);
        continue;
      }
      traces.push({
        Id: id,
        Duration: seconds(store.facts(id)?.duration),
        LimitExceeded: false,
        Segments: [...trace.segments, ...trace.orphans].map((doc) => ({
          Id: doc.id,
          Document: JSON.stringify(doc),
        })),
      });
    }
    return jsonResponse({ Traces: traces, UnprocessedTraceIds: unprocessed });
  },
};
