import type { TraceFacts } from '../../store/trace-facts';
import { ApiError, jsonResponse, readJsonObject } from '../http-api';
import type { CollectorRoute } from '../context';
import { buildServiceGraph } from '../service-graph';

/** X-Ray GetTraceGraph: the service graph of the given traces (unknown ids are skipped). */
export const traceGraphRoute: CollectorRoute = {
  method: 'POST',
  path: '/TraceGraph',
  handle(request, { store }) {
    const body = readJsonObject(request);
    const ids = body.TraceIds;
    if (!Array.isArray(ids) || ids.length === 0 || !ids.every((id) => typeof id === 'string')) {
      throw new ApiError(400, 'InvalidRequestException', 'TraceIds must be a list of trace ids');
    }
    const traces = (ids as string[])
      .map((id) => store.facts(id))
      .filter((facts): facts is TraceFacts => facts !== undefined);
    return jsonResponse({ Services: buildServiceGraph(traces) });
  },
};
