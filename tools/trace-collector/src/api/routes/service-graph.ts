import { buildServiceGraph } from '../service-graph';
import { ApiError, jsonResponse, readJsonObject, readTimestamp } from '../http-api';
import type { CollectorRoute } from '../context';

/** X-Ray GetServiceGraph over the traces whose segments fall in the time range. */
export const serviceGraphRoute: CollectorRoute = {
  method: 'POST',
  path: '/ServiceGraph',
  handle(request, { store }) {
    const body = readJsonObject(request);
    const startTime = readTimestamp(body, 'StartTime', true);
    const endTime = readTimestamp(body, 'EndTime', true);
    if (endTime < startTime) {
      throw new ApiError(400, 'InvalidRequestException', 'EndTime is before StartTime');
    }
    const traces = store.summaries({ startTime, endTime, timeRangeType: 'Service' });
    return jsonResponse({
      StartTime: startTime,
      EndTime: endTime,
      Services: buildServiceGraph(traces),
      ContainsOldGroupVersions: false,
    });
  },
};
