import { DEFAULT_OBJECTIVES, objectivesOf } from './objectives';
import type { FunctionSpec } from './types';

const api: FunctionSpec = {
  name: 'get-feed',
  entry: 'src/handlers/get-feed.ts',
  operationType: 'GET_FEED',
  trigger: { type: 'api', method: 'GET', path: '/feed' },
};
const consumer: FunctionSpec = {
  name: 'fan-out',
  entry: 'src/handlers/fan-out.ts',
  operationType: 'FAN_OUT',
  trigger: { type: 'kinesis', stream: 'events' },
};

describe('objectivesOf', () => {
  it('gives APIs and consumers their defaults', () => {
    expect(objectivesOf(api)).toEqual(DEFAULT_OBJECTIVES.api);
    expect(objectivesOf(consumer)).toEqual({
      availability: 99.9,
      latency: { percent: 99, thresholdMs: 30_000 },
    });
  });

  it('keeps what the manifest declares and inherits the rest', () => {
    expect(objectivesOf({ ...api, objectives: { latency: { thresholdMs: 300 } } })).toEqual({
      availability: 99.9,
      latency: { percent: 99, thresholdMs: 300 },
    });
    expect(objectivesOf({ ...api, objectives: { availability: 99.5 } }).availability).toBe(99.5);
  });

  it('refuses objectives that leave no error budget or make no sense', () => {
    expect(() => objectivesOf({ ...api, objectives: { availability: 100 } })).toThrow(
      'get-feed: objectives.availability must be above 0 and below 100, not 100',
    );
    expect(() => objectivesOf({ ...api, objectives: { latency: { thresholdMs: 0 } } })).toThrow(
      'get-feed: objectives.latency.thresholdMs must be positive',
    );
  });
});
