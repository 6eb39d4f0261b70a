import type { FilterNode } from '../../filter/ast';
import { matchesTrace } from '../../filter/evaluate';
import { readTimeRange, invalidRequest } from '../http-api';
import { queryFilter, requestedGroupFilter } from '../query-filter';
import { timeSeries, type EntitySelector } from '../time-series';
import { xrayAction } from '../xray-action';

/**
 * X-Ray GetTimeSeriesServiceStatistics: per-period (default 60 s) counts and response-time
 * histograms of a service or edge (`EntitySelectorExpression`), over the traces of a group
 * (`GroupName`/`GroupARN`) or all of them.
 */
export const timeSeriesRoute = xrayAction(
  '/TimeSeriesServiceStatistics',
  (body, { store, groups }) => {
    const { startTime, endTime } = readTimeRange(body);
    const period = body.Period ?? 60;
    if (typeof period !== 'number' || !Number.isInteger(period) || period < 60 || period % 60) {
      throw invalidRequest('Period must be a multiple of 60 seconds');
    }
    const selector = entitySelector(queryFilter(body.EntitySelectorExpression, groups));
    const group = requestedGroupFilter(body, groups);
    const traces = store
      .summaries({ startTime, endTime, timeRangeType: 'Service' })
      .filter((trace) => !group || matchesTrace(group, trace));
    return {
      TimeSeriesServiceStatistics: timeSeries(traces, selector, startTime, endTime, period),
      ContainsOldGroupVersions: false,
    };
  },
);

function entitySelector(tree: FilterNode | undefined): EntitySelector {
  if (tree === undefined || tree.kind === 'service' || tree.kind === 'edge') return tree;
  throw invalidRequest('EntitySelectorExpression must be one service(...), id(...) or edge(...)');
}
