import { compareLatencies, operationLatencies, type LatencySample } from './latency';

const samples = (operation: string, app: string, values: number[]): LatencySample[] =>
  values.map((ms) => ({ operation, app, ms }));

describe('per-operation latency figures', () => {
  it('gives p50 and p99 (nearest rank) per operation, sorted by app and operation', () => {
    const feed = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(
      operationLatencies([
        ...samples('GET_FEED', 'feed', feed),
        ...samples('CREATE_POST', 'posts', [30, 10, 20]),
      ]),
    ).toEqual([
      { operation: 'GET_FEED', app: 'feed', count: 100, p50Ms: 50, p99Ms: 99 },
      { operation: 'CREATE_POST', app: 'posts', count: 3, p50Ms: 20, p99Ms: 30 },
    ]);
  });

  it('compares a run with the recorded figures as ratios, naming operations on one side only', () => {
    const recorded = [
      { operation: 'GET_FEED', app: 'feed', count: 10, p50Ms: 10, p99Ms: 40 },
      { operation: 'OLD_OP', app: 'feed', count: 10, p50Ms: 5, p99Ms: 5 },
    ];
    const current = [
      { operation: 'GET_FEED', app: 'feed', count: 10, p50Ms: 15, p99Ms: 30 },
      { operation: 'NEW_OP', app: 'feed', count: 10, p50Ms: 5, p99Ms: 5 },
    ];
    expect(
      compareLatencies(recorded, current).map((c) => [c.operation, c.p50Ratio, c.p99Ratio]),
    ).toEqual([
      ['GET_FEED', 1.5, 0.75],
      ['NEW_OP', undefined, undefined],
      ['OLD_OP', undefined, undefined],
    ]);
  });
});
