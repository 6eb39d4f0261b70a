import { timeBudget } from './time-budget';

describe('timeBudget', () => {
  it('gives the budget when the invocation has more time than it', () => {
    const left = timeBudget(45_000, 5_000, { getRemainingTimeInMillis: () => 900_000 });
    expect(left()).toBeLessThanOrEqual(45_000);
    expect(left()).toBeGreaterThan(44_000);
  });

  it('gives the invocation remaining time less the margin when that is smaller', () => {
    const left = timeBudget(45_000, 5_000, { getRemainingTimeInMillis: () => 20_000 });
    expect(left()).toBe(15_000);
  });

  it('goes to zero and below as the invocation runs out', () => {
    let remaining = 6_000;
    const left = timeBudget(45_000, 5_000, { getRemainingTimeInMillis: () => remaining });
    expect(left()).toBe(1_000);
    remaining = 4_000;
    expect(left()).toBe(-1_000);
  });

  it('gives the budget alone without a context', () => {
    expect(timeBudget(40_000, 10_000)()).toBeGreaterThan(39_000);
  });
});
