import { wildcardMatch } from './wildcard';

/** The Default rule's reserved name: it matches every request and is evaluated last. */
export const DEFAULT_RULE_NAME = 'Default';

/** The fields of an X-Ray sampling rule that decide which requests it applies to. */
export interface MatchableRule {
  RuleName: string;
  Priority: number;
  ServiceName: string;
  ServiceType: string;
  Host: string;
  HTTPMethod: string;
  URLPath: string;
  ResourceARN: string;
  Attributes: Record<string, string>;
}

/** What a sampling decision knows of a request: the fields X-Ray's rules match on. */
export interface SamplingRequest {
  /** The service recording the trace, e.g. an API Gateway stage `my-api/prod`. */
  serviceName?: string;
  /** Its origin, e.g. `AWS::ApiGateway::Stage`. */
  serviceType?: string;
  host?: string;
  httpMethod?: string;
  urlPath?: string;
  resourceArn?: string;
  /** Request attributes (headers for API Gateway); every attribute of a rule must match one. */
  attributes?: Record<string, string>;
}

/**
 * Does the rule apply to the request? Each field of the rule is a wildcard pattern matched
 * against the request's value; a field the request does not carry is not held against the rule
 * (as the X-Ray SDKs do); the Default rule matches everything.
 */
export function ruleMatches(rule: MatchableRule, request: SamplingRequest): boolean {
  if (rule.RuleName === DEFAULT_RULE_NAME) return true;
  const field = (pattern: string, value: string | undefined) =>
    value === undefined || wildcardMatch(pattern, value);
  return (
    field(rule.ServiceName, request.serviceName) &&
    field(rule.ServiceType, request.serviceType) &&
    field(rule.Host, request.host) &&
    field(rule.HTTPMethod, request.httpMethod) &&
    field(rule.URLPath, request.urlPath) &&
    field(rule.ResourceARN, request.resourceArn) &&
    attributesMatch(rule.Attributes, request.attributes ?? {})
  );
}

function attributesMatch(rule: Record<string, string>, request: Record<string, string>): boolean {
  for (const [key, pattern] of Object.entries(rule)) {
    const value = request[key];
    if (value === undefined || !wildcardMatch(pattern, value)) return false;
  }
  return true;
}

/** X-Ray's evaluation order: priority ascending, then rule name (the Default rule is last). */
export function byEvaluationOrder(a: MatchableRule, b: MatchableRule): number {
  return (
    a.Priority - b.Priority || (a.RuleName < b.RuleName ? -1 : a.RuleName > b.RuleName ? 1 : 0)
  );
}

/** The first rule, in evaluation order, that applies to the request. */
export function matchingRule<R extends MatchableRule>(
  ordered: readonly R[],
  request: SamplingRequest,
): R | undefined {
  for (const rule of ordered) if (ruleMatches(rule, request)) return rule;
  return undefined;
}
