import type { ControllerConfig } from './controller-config';
import type { RuleFailures } from './failure-rates';

/** A rule the controller may change: one of the stage's rules with a base rate in the definition. */
export interface ControlledRule {
  name: string;
  fixedRate: number;
  baseRate: number;
  /** Epoch seconds of the rule's last change. */
  modifiedAt: number;
}

export type SamplingAction = 'boost' | 'decay' | 'restore';

export interface SamplingChange {
  rule: string;
  action: SamplingAction;
  from: number;
  to: number;
  reason: string;
  faultRate?: number;
  errorRate?: number;
}

/** Changes applied per run at most (each is a subsegment); the rest wait for the next run. */
export const MAX_CHANGES_PER_RUN = 10;

/** Rates closer than this are the same rate (floating point, and "back to base"). */
const SAME_RATE = 0.005;

/**
 * One run's decisions, from each rule's rate, base and last change and its failures over the
 * window. A rule at its base is boosted when its fault or error share crosses the threshold
 * (most failing first, up to `maxBoostedRules` boosted at once). A boosted rule holds for the
 * cooldown, then decays one step per cooldown once both shares are below `recoverFraction` of
 * their thresholds (hysteresis: a rate hovering at the threshold does not flap), snapping to the
 * base when close; it is restored at once when its last change is older than `maxBoostSeconds`.
 */
export function planChanges(
  nowSeconds: number,
  rules: ControlledRule[],
  failures: Map<string, RuleFailures>,
  config: ControllerConfig,
): SamplingChange[] {
  const changes: SamplingChange[] = [];
  const shares = (name: string) => {
    const f = failures.get(name);
    if (!f || f.traces < config.minTraces) return undefined;
    return { faultRate: f.faults / f.traces, errorRate: f.errors / f.traces };
  };
  const boosted = rules.filter((r) => r.fixedRate > r.baseRate + SAME_RATE);
  for (const rule of boosted) {
    const age = nowSeconds - rule.modifiedAt;
    const rates = shares(rule.name);
    if (age >= config.maxBoostSeconds) {
      changes.push({
        rule: rule.name,
        action: 'restore',
        from: rule.fixedRate,
        to: rule.baseRate,
        reason: `boosted for ${Math.round(age)} s, the most allowed is ${config.maxBoostSeconds} s`,
        ...rates,
      });
      continue;
    }
    const recovered =
      !rates ||
      (rates.faultRate < config.faultRateThreshold * config.recoverFraction &&
        rates.errorRate < config.errorRateThreshold * config.recoverFraction);
    if (age < config.cooldownSeconds || !recovered) continue;
    const next = rule.baseRate + (rule.fixedRate - rule.baseRate) * config.decayFactor;
    const to = next - rule.baseRate < SAME_RATE * 2 ? rule.baseRate : round(next);
    changes.push({
      rule: rule.name,
      action: to === rule.baseRate ? 'restore' : 'decay',
      from: rule.fixedRate,
      to,
      reason: rates
        ? `fault rate ${percent(rates.faultRate)} and error rate ${percent(rates.errorRate)} below the recovery line for ${Math.round(age)} s`
        : `too few traces to see failures for ${Math.round(age)} s`,
      ...rates,
    });
  }
  const candidates = rules
    .filter((r) => r.fixedRate <= r.baseRate + SAME_RATE)
    .map((r) => ({ rule: r, rates: shares(r.name) }))
    .filter(
      (c) =>
        c.rates !== undefined &&
        (c.rates.faultRate >= config.faultRateThreshold ||
          c.rates.errorRate >= config.errorRateThreshold),
    )
    .sort(
      (a, b) =>
        (b.rates?.faultRate ?? 0) - (a.rates?.faultRate ?? 0) ||
        (b.rates?.errorRate ?? 0) - (a.rates?.errorRate ?? 0),
    );
  let room =
    config.maxBoostedRules - boosted.length + changes.filter((c) => c.action === 'restore').length;
  for (const { rule, rates } of candidates) {
    if (room <= 0 || !rates) break;
    const to = Math.max(rule.baseRate, config.boostRate);
    if (to <= rule.fixedRate + SAME_RATE) continue;
    changes.push({
      rule: rule.name,
      action: 'boost',
      from: rule.fixedRate,
      to,
      reason: `fault rate ${percent(rates.faultRate)}, error rate ${percent(rates.errorRate)} over the last ${config.windowSeconds} s`,
      ...rates,
    });
    room--;
  }
  return changes.slice(0, MAX_CHANGES_PER_RUN);
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
const round = (rate: number) => Math.round(rate * 10_000) / 10_000;
