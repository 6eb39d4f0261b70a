import { DEFAULT_RULE_NAME, type MatchableRule } from '@traced-social/xray-config';

/**
 * An X-Ray sampling rule as the API carries it (`SamplingRule` of `@aws-sdk/client-xray`), and
 * the limits X-Ray's CreateSamplingRule enforces on it.
 */
export interface SamplingRule extends MatchableRule {
  RuleARN: string;
  /** 1–9999; the lowest number is evaluated first (the Default rule is 10000, last). */
  Priority: number;
  /** Share of the requests sampled once the reservoir of the second is used up, 0–1. */
  FixedRate: number;
  /** Requests sampled per second before `FixedRate` applies. */
  ReservoirSize: number;
  Version: number;
}

/** What a rule is created from (its ARN is given by the collector). */
export type SamplingRuleInput = Omit<SamplingRule, 'RuleARN' | 'Attributes'> & {
  Attributes?: Record<string, string>;
};

/** The fields UpdateSamplingRule may change, identified by RuleName or RuleARN. */
export type SamplingRuleUpdate = Partial<Omit<SamplingRule, 'RuleARN' | 'RuleName' | 'Version'>> & {
  RuleName?: string;
  RuleARN?: string;
};

export { DEFAULT_RULE_NAME };
export const ACCOUNT_ID = '000000000000';
export const REGION = 'us-east-1';

export const ruleArn = (name: string): string =>
  `arn:aws:xray:${REGION}:${ACCOUNT_ID}:sampling-rule/${name}`;

/** A rule's request-matching fields when it applies to every service, host, method and path. */
export const MATCHES_EVERY_REQUEST = {
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
} as const;

/** X-Ray's default rule: the first request each second, then 5 % of the others. */
export const DEFAULT_SAMPLING_RULE: SamplingRule = {
  RuleName: DEFAULT_RULE_NAME,
  RuleARN: ruleArn(DEFAULT_RULE_NAME),
  ResourceARN: '*',
  Priority: 10000,
  FixedRate: 0.05,
  ReservoirSize: 1,
  ...MATCHES_EVERY_REQUEST,
  Version: 1,
  Attributes: {},
};

/** X-Ray's field limits (API reference, `SamplingRule`). */
const STRING_LIMITS = {
  RuleName: 32,
  ResourceARN: 500,
  ServiceName: 64,
  ServiceType: 64,
  Host: 64,
  HTTPMethod: 10,
  URLPath: 128,
} as const;

export type RuleField = keyof SamplingRule;

/** One problem with a rule's fields, named so that the 400 answer says which. */
export interface RuleProblem {
  field: string;
  message: string;
}

/** Checks the fields present in `fields` (all of them when `complete`); returns the problems. */
export function ruleProblems(fields: Record<string, unknown>, complete: boolean): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const has = (field: string) => fields[field] !== undefined && fields[field] !== null;
  const need = (field: string) => {
    if (complete && !has(field)) problems.push({ field, message: `${field} is required` });
    return has(field);
  };
  for (const [field, max] of Object.entries(STRING_LIMITS)) {
    if (!need(field)) continue;
    const value = fields[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > max) {
      problems.push({ field, message: `${field} must be a string of 1 to ${max} characters` });
    }
  }
  if (has('RuleName') && typeof fields.RuleName === 'string') {
    if (!/^[A-Za-z0-9_-]+$/.test(fields.RuleName)) {
      problems.push({
        field: 'RuleName',
        message: 'RuleName takes letters, digits, "-" and "_" only',
      });
    }
  }
  if (need('Priority')) {
    const value = fields.Priority;
    if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 9999) {
      problems.push({ field: 'Priority', message: 'Priority must be an integer from 1 to 9999' });
    }
  }
  if (need('FixedRate')) {
    const value = fields.FixedRate;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
      problems.push({ field: 'FixedRate', message: 'FixedRate must be a number from 0 to 1' });
    }
  }
  if (need('ReservoirSize')) {
    const value = fields.ReservoirSize;
    if (!Number.isInteger(value) || (value as number) < 0) {
      problems.push({
        field: 'ReservoirSize',
        message: 'ReservoirSize must be a non-negative integer',
      });
    }
  }
  if (complete && need('Version') && fields.Version !== 1) {
    problems.push({ field: 'Version', message: 'Version must be 1' });
  }
  if (has('Attributes')) {
    const attributes = fields.Attributes;
    const valid =
      typeof attributes === 'object' &&
      !Array.isArray(attributes) &&
      Object.entries(attributes as object).every(
        ([key, value]) =>
          key.length >= 1 &&
          key.length <= 32 &&
          typeof value === 'string' &&
          value.length >= 1 &&
          value.length <= 32,
      );
    if (!valid) {
      problems.push({
        field: 'Attributes',
        message: 'Attributes must map keys of 1 to 32 characters to strings of 1 to 32 characters',
      });
    }
  }
  return problems;
}
