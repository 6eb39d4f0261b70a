import type { AppManifest } from '@traced-social/manifest';
import {
  apiStageServiceName,
  byEvaluationOrder,
  matchingRule,
  type SamplingRuleDefinition,
} from '@traced-social/xray-config';
import type { TrafficMix } from './traffic';

/** The seed's X-Ray prices, in dollars per million traces. */
export const PRICES = { recordedPerMillion: 5, retrievedOrScannedPerMillion: 0.5 } as const;
export const SECONDS_PER_MONTH = 30 * 24 * 3600;
/** Lambda samples invocations it starts itself (schedules) at 1 per second, then 5 %. */
const LAMBDA_DEFAULT = { reservoirSize: 1, fixedRate: 0.05 };

export interface CostAssumptions {
  /** Share of recorded traces someone opens (BatchGetTraces): retrieved. */
  retrievedShare: number;
  /** How many times each recorded trace is scanned by people's queries (console, dashboards). */
  humanScansPerTrace: number;
  /** The sampling controller's window and period: each trace is scanned window/period times. */
  controllerWindowSeconds: number;
  controllerPeriodSeconds: number;
  /** Expected boost budget per month: hours one rule runs at `boostRate` instead of its base. */
  boostHours: number;
  boostRate: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  retrievedShare: 0.01,
  humanScansPerTrace: 1,
  controllerWindowSeconds: 300,
  controllerPeriodSeconds: 60,
  boostHours: 24,
  boostRate: 0.5,
};

export interface RuleLine {
  rule: string;
  rps: number;
  reservoirSize: number;
  fixedRate: number;
  tracesPerSecond: number;
  tracesPerMonth: number;
}

export interface CostEstimate {
  rules: RuleLine[];
  scheduledTracesPerMonth: number;
  recorded: number;
  retrieved: number;
  scanned: number;
  dollars: number;
}

/** Traces per second a rule records: its reservoir first, then its fixed rate of the rest. */
export function recordedPerSecond(rps: number, reservoirSize: number, fixedRate: number): number {
  return Math.min(rps, reservoirSize) + Math.max(0, rps - reservoirSize) * fixedRate;
}

/**
 * Traces recorded, retrieved and scanned per month and their price, from the stage's actual
 * sampling rules (each route's requests go to its first matching rule, whose reservoir is shared
 * by all its routes), plus the scheduled functions' own traces. With `boost`, one rule (the one
 * whose boost costs most) runs `boostHours` a month at `boostRate`.
 */
export function estimateCost(
  stage: string,
  manifests: AppManifest[],
  rules: SamplingRuleDefinition[],
  traffic: TrafficMix,
  assumptions: CostAssumptions,
  boost: boolean,
): CostEstimate {
  const ordered = [...rules].sort(byEvaluationOrder);
  const rpsByRule = new Map<string, number>();
  for (const [route, rps] of Object.entries(traffic)) {
    const [method, path] = route.split(' ');
    const app = manifests.find((m) =>
      m.functions.some(
        (fn) =>
          fn.trigger.type === 'api' && fn.trigger.method === method && fn.trigger.path === path,
      ),
    );
    const rule = matchingRule(ordered, {
      serviceName: app ? apiStageServiceName(stage, app.app) : undefined,
      serviceType: 'AWS::ApiGateway::Stage',
      httpMethod: method,
      urlPath: path.replace(/\{[^}]+\}/g, 'id'),
    });
    if (!rule) throw new Error(`no sampling rule matches ${route}`);
    rpsByRule.set(rule.RuleName, (rpsByRule.get(rule.RuleName) ?? 0) + rps);
  }
  const lines: RuleLine[] = ordered
    .filter((r) => rpsByRule.has(r.RuleName))
    .map((r) => {
      const rps = rpsByRule.get(r.RuleName) ?? 0;
      const perSecond = recordedPerSecond(rps, r.ReservoirSize, r.FixedRate);
      return {
        rule: r.RuleName,
        rps,
        reservoirSize: r.ReservoirSize,
        fixedRate: r.FixedRate,
        tracesPerSecond: perSecond,
        tracesPerMonth: perSecond * SECONDS_PER_MONTH,
      };
    });
  let boostExtra = 0;
  if (boost) {
    for (const line of lines) {
      const boosted = recordedPerSecond(
        line.rps,
        line.reservoirSize,
        Math.max(line.fixedRate, assumptions.boostRate),
      );
      boostExtra = Math.max(
        boostExtra,
        (boosted - line.tracesPerSecond) * assumptions.boostHours * 3600,
      );
    }
  }
  const schedules = manifests
    .flatMap((m) => m.functions)
    .filter((fn) => fn.trigger.type === 'schedule');
  const scheduledTracesPerMonth = schedules.reduce((sum, fn) => {
    const perSecond =
      1 / periodSeconds(fn.trigger.type === 'schedule' ? fn.trigger.expression : '');
    return (
      sum +
      recordedPerSecond(perSecond, LAMBDA_DEFAULT.reservoirSize, LAMBDA_DEFAULT.fixedRate) *
        SECONDS_PER_MONTH
    );
  }, 0);
  const recorded =
    lines.reduce((s, l) => s + l.tracesPerMonth, 0) + scheduledTracesPerMonth + boostExtra;
  const retrieved = recorded * assumptions.retrievedShare;
  const scanned =
    recorded *
    (assumptions.humanScansPerTrace +
      assumptions.controllerWindowSeconds / assumptions.controllerPeriodSeconds);
  const dollars =
    (recorded / 1e6) * PRICES.recordedPerMillion +
    ((retrieved + scanned) / 1e6) * PRICES.retrievedOrScannedPerMillion;
  return { rules: lines, scheduledTracesPerMonth, recorded, retrieved, scanned, dollars };
}

/** Seconds between runs of `rate(N unit)`; a cron runs here counted once an hour. */
function periodSeconds(expression: string): number {
  const rate = /^rate\((\d+)\s+(minute|minutes|hour|hours|day|days)\)$/.exec(expression);
  if (!rate) return 3600;
  const unit = rate[2].startsWith('minute') ? 60 : rate[2].startsWith('hour') ? 3600 : 86400;
  return Number(rate[1]) * unit;
}
