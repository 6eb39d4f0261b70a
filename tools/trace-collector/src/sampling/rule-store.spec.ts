import { MAX_SAMPLING_RULES, SamplingRuleStore } from './rule-store';
import { ControlPlaneError } from './sampling-errors';
import { MATCHES_EVERY_REQUEST } from './sampling-rule';

const base = {
  ResourceARN: '*',
  Priority: 100,
  FixedRate: 0.1,
  ReservoirSize: 0,
  ...MATCHES_EVERY_REQUEST,
  Version: 1,
};

/** A clock the test moves by hand: reservoirs count per wall-clock second. */
function manualClock(start = Date.UTC(2026, 10, 27, 12)) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

/** Runs `perSecond` requests in each of `seconds` seconds; returns how many were sampled. */
function sampledOver(
  store: SamplingRuleStore,
  clock: ReturnType<typeof manualClock>,
  seconds: number,
  perSecond: number,
  request = { httpMethod: 'GET', urlPath: '/feed' },
): number {
  let sampled = 0;
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < perSecond; i++) if (store.decide(request).sampled) sampled++;
    clock.advance(1000);
  }
  return sampled;
}

describe('the sampling decision, measured over many requests', () => {
  // Tolerances are 5 standard deviations of the binomial count: a false failure is about one
  // run in 1.7 million.
  it('samples the fixed rate once the reservoir is empty (20,000 requests at 10 % ± 1.1 points)', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    store.create({ ...base, RuleName: 'feed', FixedRate: 0.1, ReservoirSize: 0 });
    const sampled = sampledOver(store, clock, 1, 20_000);
    expect(Math.abs(sampled / 20_000 - 0.1)).toBeLessThan(0.011);
  });

  it('takes exactly the reservoir each second when the rate is 0', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    store.create({ ...base, RuleName: 'feed', FixedRate: 0, ReservoirSize: 5 });
    expect(sampledOver(store, clock, 20, 500)).toBe(100);
  });

  it('takes the reservoir first, then the rate of the rest (20 s × 500 requests: 2,080 ± 200)', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    store.create({ ...base, RuleName: 'feed', FixedRate: 0.2, ReservoirSize: 5 });
    // 5 per second from the reservoir, then 20 % of the other 495: 20 × (5 + 99) = 2,080.
    const sampled = sampledOver(store, clock, 20, 500);
    expect(Math.abs(sampled - 2080)).toBeLessThan(200);
  });

  it('applies the matching rule of highest priority, not the others', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    store.create({
      ...base,
      RuleName: 'all-gets',
      Priority: 1000,
      HTTPMethod: 'GET',
      FixedRate: 1,
    });
    store.create({ ...base, RuleName: 'feed', Priority: 100, URLPath: '*/feed', FixedRate: 0.05 });
    const feed = sampledOver(store, clock, 1, 20_000, {
      httpMethod: 'GET',
      urlPath: '/local/feed',
    });
    expect(Math.abs(feed / 20_000 - 0.05)).toBeLessThan(0.008);
    const posts = sampledOver(store, clock, 1, 1_000, { httpMethod: 'GET', urlPath: '/posts/1' });
    expect(posts).toBe(1_000);
    expect(store.decide({ httpMethod: 'POST', urlPath: '/posts' }).ruleName).toBe('Default');
  });

  it('follows an update at once (a boosted rate is sampled from the next request)', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    store.create({ ...base, RuleName: 'likes', FixedRate: 0 });
    expect(sampledOver(store, clock, 1, 1_000)).toBe(0);
    store.update({ RuleName: 'likes', FixedRate: 1 });
    expect(sampledOver(store, clock, 1, 1_000)).toBe(1_000);
  });
});

describe('sampling rule changes', () => {
  const refusal = (change: () => unknown) => {
    try {
      change();
    } catch (error) {
      if (error instanceof ControlPlaneError) return { type: error.type, message: error.message };
      throw error;
    }
    throw new Error('the change was accepted');
  };

  it('refuses invalid fields, naming each', () => {
    const store = new SamplingRuleStore();
    expect(
      refusal(() =>
        store.create({ ...base, RuleName: 'bad name', FixedRate: 1.5, Priority: 0, URLPath: '' }),
      ),
    ).toEqual({
      type: 'InvalidRequestException',
      message:
        'URLPath must be a string of 1 to 128 characters; RuleName takes letters, digits, "-" and "_" only; Priority must be an integer from 1 to 9999; FixedRate must be a number from 0 to 1',
    });
    expect(store.list().map((r) => r.SamplingRule.RuleName)).toEqual(['Default']);
  });

  it('refuses a second rule of the same name and the 26th rule', () => {
    const store = new SamplingRuleStore();
    store.create({ ...base, RuleName: 'r0' });
    expect(refusal(() => store.create({ ...base, RuleName: 'r0' })).message).toBe(
      'A sampling rule named r0 already exists',
    );
    for (let i = 1; i < MAX_SAMPLING_RULES - 1; i++) store.create({ ...base, RuleName: `r${i}` });
    expect(refusal(() => store.create({ ...base, RuleName: 'one-too-many' })).type).toBe(
      'RuleLimitExceededException',
    );
    expect(store.list()).toHaveLength(MAX_SAMPLING_RULES);
  });

  it("changes only the Default rule's rate and reservoir, and never deletes it", () => {
    const store = new SamplingRuleStore();
    expect(store.update({ RuleName: 'Default', FixedRate: 0.5 }).SamplingRule.FixedRate).toBe(0.5);
    expect(refusal(() => store.update({ RuleName: 'Default', URLPath: '/x' })).message).toBe(
      "The Default rule's URLPath cannot be changed (only FixedRate and ReservoirSize)",
    );
    expect(refusal(() => store.delete('Default')).message).toBe(
      'The Default rule cannot be deleted',
    );
  });

  it('finds a rule by ARN, keeps CreatedAt and moves ModifiedAt on update', () => {
    const clock = manualClock();
    const store = new SamplingRuleStore({ now: clock.now });
    const created = store.create({ ...base, RuleName: 'likes' });
    clock.advance(5_000);
    const updated = store.update({ RuleARN: created.SamplingRule.RuleARN, FixedRate: 0.3 });
    expect(updated.CreatedAt).toBe(created.CreatedAt);
    expect(updated.ModifiedAt).toBe(created.ModifiedAt + 5);
    expect(store.lastModification).toBe(updated.ModifiedAt);
    expect(refusal(() => store.update({ RuleName: 'nope', FixedRate: 0 })).message).toBe(
      'No sampling rule named nope',
    );
  });
});
