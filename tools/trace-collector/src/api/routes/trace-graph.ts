import type { TraceFacts } from '../../store/trace-facts';
import { jsonResponse, readJsonObject, readTraceIds } from '../http-api';
import type { CollectorRoute } from '../context';
import { buildServiceGraph } from '../service-graph';

/** X-Ray GetTraceGraph: the service graph of the given traces (unknown ids are skipped). */
export const traceGraphRoute: CollectorRoute = {
  method: 'POST',
  path: '/TraceGraph',
  handle(request, { store }) {
    const body = readJsonObject(request);
    const ids = readTraceIds(body, { atLeastOne: true });
    const traces = ids
      .map((id) => store.facts(id))
      .filter((facts): facts is TraceFacts => facts !== undefined);
    return jsonResponse({ Services: buildServiceGraph(traces) });
  },
};
