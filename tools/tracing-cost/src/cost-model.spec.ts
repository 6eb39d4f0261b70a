import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAMPLING_RATES, stageXrayPlan } from '@traced-social/xray-config';
import { apiFunction, plannedApp } from '@traced-social/xray-config/testing';
import { tracingCost } from '../run';
import {
  DEFAULT_ASSUMPTIONS,
  estimateCost,
  recordedPerSecond,
  SECONDS_PER_MONTH,
} from './cost-model';
import { trafficMix } from './traffic';

const feed = plannedApp('feed', [
  apiFunction('get-feed', 'GET_FEED', 'GET', '/feed'),
  {
    name: 'relay',
    operationType: 'RELAY',
    trigger: { type: 'schedule', expression: 'rate(1 minute)' },
  },
]);
const likes = plannedApp('likes', [
  apiFunction('like-post', 'LIKE_POST', 'PUT', '/posts/{postId}/like'),
]);
const manifests = [feed, likes];
const rules = stageXrayPlan('prod', manifests, SAMPLING_RATES.prod).samplingRules;
const noBoost = { ...DEFAULT_ASSUMPTIONS, retrievedShare: 0, humanScansPerTrace: 0 };

describe('the tracing cost model', () => {
  it('records the reservoir first, then the fixed rate of the rest', () => {
    expect(recordedPerSecond(0.5, 1, 0.05)).toBe(0.5);
    expect(recordedPerSecond(21, 1, 0.05)).toBeCloseTo(2);
  });

  it("prices each route's traffic with the rule that samples it, reservoirs included", () => {
    const traffic = trafficMix(manifests, 100, { 'GET /feed': 3, 'PUT /posts/{postId}/like': 1 });
    const estimate = estimateCost('prod', manifests, rules, traffic, noBoost, false);
    // GET /feed: 75 req/s at 1/s + 1 %; likes writes: 25 req/s at 2/s + 10 %.
    const feedPerSecond = 1 + 74 * 0.01;
    const likesPerSecond = 2 + 23 * 0.1;
    expect(estimate.rules.map((r) => [r.rule, r.rps])).toEqual([
      ['prod-feed-GET--feed', 75],
      ['prod-likes-writes', 25],
    ]);
    expect(estimate.rules[0].tracesPerSecond).toBeCloseTo(feedPerSecond);
    expect(estimate.rules[1].tracesPerSecond).toBeCloseTo(likesPerSecond);
    // One schedule a minute, all within Lambda's 1/s reservoir.
    expect(estimate.scheduledTracesPerMonth).toBeCloseTo(SECONDS_PER_MONTH / 60);
    const recorded = (feedPerSecond + likesPerSecond) * SECONDS_PER_MONTH + SECONDS_PER_MONTH / 60;
    expect(estimate.recorded).toBeCloseTo(recorded);
    // The controller scans each trace window/period = 5 times.
    expect(estimate.scanned).toBeCloseTo(recorded * 5);
    expect(estimate.dollars).toBeCloseTo((recorded / 1e6) * 5 + ((recorded * 5) / 1e6) * 0.5);
  });

  it('adds the boost budget: the rule whose boost costs most, boostHours at boostRate', () => {
    const traffic = trafficMix(manifests, 100, { 'GET /feed': 3, 'PUT /posts/{postId}/like': 1 });
    const plain = estimateCost('prod', manifests, rules, traffic, noBoost, false);
    const boosted = estimateCost('prod', manifests, rules, traffic, noBoost, true);
    // GET /feed boosted from 1 % to 50 % of its 74 req/s above the reservoir: +36.26 traces/s.
    expect(boosted.recorded - plain.recorded).toBeCloseTo(74 * 0.49 * 24 * 3600);
  });

  it('refuses a mix naming a route no app serves', () => {
    expect(() => trafficMix(manifests, 10, { 'GET /nowhere': 1 })).toThrow(
      'the mix names routes no app serves: GET /nowhere',
    );
  });
});

describe('npm run tracing-cost', () => {
  it("prints the workspace's prod rules, totals and the boosted totals", () => {
    const out = tracingCost(['--stage', 'prod', '--rps', '50']);
    expect(out).toContain('Tracing cost of stage prod at 50 req/s');
    expect(out).toMatch(/\| prod-feed-GET--feed +\| +[\d.]+ \| +1 \| +1\.0 % \|/);
    expect(out).toMatch(/\| rules as deployed +\| +[\d,]+ \| +[\d,]+ \| +[\d,]+ \| +\$[\d.]+ \|/);
    expect(out).toContain('with 24 h/month of one rule boosted to 50 %');
  });

  it('reads a traffic mix file and refuses a bad stage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracing-cost-'));
    const file = join(dir, 'mix.json');
    writeFileSync(file, JSON.stringify({ 'GET /feed': 1 }));
    const out = tracingCost(['--stage', 'prod', '--rps', '10', '--mix', file]);
    expect(out).toMatch(/\| prod-feed-GET--feed +\| +10\.00 \|/);
    expect(out).not.toContain('prod-likes-writes');
    expect(() => tracingCost(['--stage', 'qa'])).toThrow(
      '--stage takes local, dev, prod, got "qa"',
    );
  });
});
