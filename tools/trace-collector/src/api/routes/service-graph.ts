import { buildServiceGraph } from '../service-graph';
import { jsonResponse, readJsonObject, readTimeRange } from '../http-api';
import type { CollectorRoute } from '../context';

/** X-Ray GetServiceGraph over the traces whose segments fall in the time range. */
export const serviceGraphRoute: CollectorRoute = {
  method: 'POST',
  path: '/ServiceGraph',
  handle(request, { store }) {
    const body = readJsonObject(request);
    const { startTime, endTime } = readTimeRange(body);
    const traces = store.summaries({ startTime, endTime, timeRangeType: 'Service' });
    return jsonResponse({
      StartTime: startTime,
      EndTime: endTime,
      Services: buildServiceGraph(traces),
      ContainsOldGroupVersions: false,
    });
  },
};
