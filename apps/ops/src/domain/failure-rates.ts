import { byEvaluationOrder, matchingRule, type MatchableRule } from '@traced-social/xray-config';

/** What the controller needs of a trace summary (GetTraceSummaries). */
export interface TraceOutcome {
  /** The entry point's service (`<api>/<stage>`) and type (`AWS::ApiGateway::Stage`). */
  serviceName?: string;
  serviceType?: string;
  method?: string;
  url?: string;
  fault: boolean;
  error: boolean;
  throttle: boolean;
}

export interface RuleFailures {
  traces: number;
  faults: number;
  /** 4xx answers, throttles included. */
  errors: number;
}

/**
 * Each rule's sampled traces over the window, and how many failed: a trace is counted for the
 * rule that sampled it, the first matching rule by priority (the local API Gateway's matcher).
 * Sampling within a rule is blind to the outcome (reservoir then a uniform draw), so the shares
 * among sampled traces estimate the rule's true rates (docs/decisions/1500).
 */
export function failuresByRule(
  rules: MatchableRule[],
  traces: TraceOutcome[],
): Map<string, RuleFailures> {
  const ordered = [...rules].sort(byEvaluationOrder);
  const counts = new Map<string, RuleFailures>(
    rules.map((r) => [r.RuleName, { traces: 0, faults: 0, errors: 0 }]),
  );
  for (const trace of traces) {
    const rule = matchingRule(ordered, {
      serviceName: trace.serviceName,
      serviceType: trace.serviceType,
      httpMethod: trace.method,
      urlPath: pathOf(trace.url),
    });
    const count = rule && counts.get(rule.RuleName);
    if (!count) continue;
    count.traces++;
    if (trace.fault) count.faults++;
    else if (trace.error || trace.throttle) count.errors++;
  }
  return counts;
}

function pathOf(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    return new URL(url, 'http://host').pathname;
  } catch {
    return undefined;
  }
}
