import { planChanges, type ControlledRule } from './boost-plan';
import { DEFAULT_CONTROLLER_CONFIG, readControllerConfig } from './controller-config';
import { failuresByRule } from './failure-rates';
import type { RuleFailures } from './failure-rates';

const config = { ...DEFAULT_CONTROLLER_CONFIG, minTraces: 10, cooldownSeconds: 60 };
const NOW = 1_800_000_000;
const rule = (name: string, fixedRate: number, changedAgo = 3600): ControlledRule => ({
  name,
  fixedRate,
  baseRate: 0.05,
  modifiedAt: NOW - changedAgo,
});
const seen = (entries: Record<string, [traces: number, faults: number, errors?: number]>) =>
  new Map<string, RuleFailures>(
    Object.entries(entries).map(([name, [traces, faults, errors = 0]]) => [
      name,
      { traces, faults, errors },
    ]),
  );

describe('planChanges', () => {
  it('boosts a rule whose fault share reaches the threshold, to the boost rate', () => {
    expect(planChanges(NOW, [rule('likes', 0.05)], seen({ likes: [40, 2] }), config)).toEqual([
      expect.objectContaining({
        rule: 'likes',
        action: 'boost',
        from: 0.05,
        to: 0.5,
        faultRate: 0.05,
      }),
    ]);
    expect(planChanges(NOW, [rule('likes', 0.05)], seen({ likes: [40, 0, 10] }), config)).toEqual([
      expect.objectContaining({ action: 'boost', errorRate: 0.25 }),
    ]);
  });

  it('does not judge a rule on too few traces, nor boost below the threshold', () => {
    expect(planChanges(NOW, [rule('likes', 0.05)], seen({ likes: [9, 9] }), config)).toEqual([]);
    expect(planChanges(NOW, [rule('likes', 0.05)], seen({ likes: [100, 4] }), config)).toEqual([]);
  });

  it('boosts at most maxBoostedRules, the most failing first, counting those already boosted', () => {
    const rules = [rule('a', 0.05), rule('b', 0.05), rule('c', 0.05), rule('held', 0.5, 10)];
    const changes = planChanges(
      NOW,
      rules,
      seen({ a: [20, 2], b: [20, 10], c: [20, 5], held: [20, 20] }),
      { ...config, maxBoostedRules: 3 },
    );
    expect(changes.map((c) => [c.rule, c.action])).toEqual([
      ['b', 'boost'],
      ['c', 'boost'],
    ]);
  });

  it('holds a boost through the cooldown, then decays it only below the recovery line (hysteresis)', () => {
    const boosted = rule('likes', 0.5, 30);
    expect(planChanges(NOW, [boosted], seen({ likes: [40, 0] }), config)).toEqual([]);
    const cooled = rule('likes', 0.5, 61);
    // 4 % faults: under the 5 % threshold but above its half, 2.5 %: hold.
    expect(planChanges(NOW, [cooled], seen({ likes: [100, 4] }), config)).toEqual([]);
    expect(planChanges(NOW, [cooled], seen({ likes: [100, 2] }), config)).toEqual([
      expect.objectContaining({ action: 'decay', from: 0.5, to: 0.275 }),
    ]);
    // No traces at all in the window is no sign of failure either.
    expect(planChanges(NOW, [cooled], seen({}), config)).toEqual([
      expect.objectContaining({ action: 'decay', to: 0.275 }),
    ]);
  });

  it('decays step by step to exactly the base rate', () => {
    let current = rule('likes', 0.5, 61);
    const steps: number[] = [];
    for (let i = 0; i < 20 && current.fixedRate > current.baseRate; i++) {
      const [change] = planChanges(NOW, [current], seen({ likes: [40, 0] }), config);
      steps.push(change.to);
      current = { ...current, fixedRate: change.to };
    }
    expect(steps).toEqual([0.275, 0.1625, 0.1063, 0.0782, 0.0641, 0.05]);
  });

  it('restores the base rate once a boost outlived maxBoostSeconds, failing or not', () => {
    const old = rule('likes', 0.5, config.maxBoostSeconds);
    expect(planChanges(NOW, [old], seen({ likes: [40, 40] }), config)).toEqual([
      expect.objectContaining({ action: 'restore', from: 0.5, to: 0.05 }),
    ]);
  });
});

describe('failuresByRule', () => {
  const gateway = (name: string, method: string, path: string, priority: number) => ({
    RuleName: name,
    Priority: priority,
    ServiceName: 'traced-social-local-likes/local',
    ServiceType: 'AWS::ApiGateway::Stage',
    Host: '*',
    HTTPMethod: method,
    URLPath: path,
    ResourceARN: '*',
    Attributes: {},
  });

  it('counts each trace for the rule that sampled it (first match by priority)', () => {
    const rules = [gateway('writes', '*', '*', 1100), gateway('reads', 'GET', '*', 1000)];
    const trace = (method: string, fault: boolean, error = false) => ({
      serviceName: 'traced-social-local-likes/local',
      serviceType: 'AWS::ApiGateway::Stage',
      method,
      url: 'http://127.0.0.1:3000/posts/p1/like',
      fault,
      error,
      throttle: false,
    });
    const counts = failuresByRule(rules, [
      trace('PUT', true),
      trace('PUT', false),
      trace('GET', false, true),
      { ...trace('GET', true), serviceName: 'traced-social-local-feed/local' },
    ]);
    expect(counts.get('writes')).toEqual({ traces: 2, faults: 1, errors: 0 });
    expect(counts.get('reads')).toEqual({ traces: 1, faults: 0, errors: 1 });
  });
});

describe('readControllerConfig', () => {
  it('reads SAMPLING_* over the defaults and refuses bad values by name', () => {
    expect(
      readControllerConfig({ SAMPLING_COOLDOWN_SECONDS: '2', SAMPLING_BOOST_RATE: '1' }),
    ).toEqual({
      ...DEFAULT_CONTROLLER_CONFIG,
      cooldownSeconds: 2,
      boostRate: 1,
    });
    expect(() => readControllerConfig({ SAMPLING_BOOST_RATE: '2' })).toThrow(
      'SAMPLING_BOOST_RATE must be a share from 0 to 1, got "2"',
    );
    expect(() => readControllerConfig({ SAMPLING_WINDOW_SECONDS: '-1' })).toThrow(
      'SAMPLING_WINDOW_SECONDS must be a positive number',
    );
  });
});
