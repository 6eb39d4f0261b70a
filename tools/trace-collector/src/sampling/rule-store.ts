import { byEvaluationOrder, matchingRule, type SamplingRequest } from '@traced-social/xray-config';
import { Reservoir } from './reservoir';
import { ControlPlaneError, invalid } from './sampling-errors';
import { UserMadeNames, type ChangeOrigin } from './user-made';
import {
  DEFAULT_RULE_NAME,
  DEFAULT_SAMPLING_RULE,
  ruleArn,
  ruleProblems,
  type SamplingRule,
  type SamplingRuleInput,
  type SamplingRuleUpdate,
} from './sampling-rule';

export interface SamplingRuleRecord {
  SamplingRule: SamplingRule;
  /** Epoch seconds. */
  CreatedAt: number;
  ModifiedAt: number;
}

/** Why a request was (not) sampled. */
export interface SamplingDecision {
  sampled: boolean;
  ruleName: string;
  /** `reservoir`: within the rule's per-second reservoir; `rate`: drawn at its fixed rate. */
  by: 'reservoir' | 'rate';
}

export interface RuleStoreOptions {
  /** Milliseconds since the epoch (default `Date.now`); tests move time by hand. */
  now?: () => number;
  /** Uniform in [0, 1) (default `Math.random`). */
  random?: () => number;
}

/** X-Ray's quota: 25 sampling rules per account and region, the Default rule included. */
export const MAX_SAMPLING_RULES = 25;

/** Fields of the Default rule that X-Ray lets an UpdateSamplingRule change. */
const DEFAULT_RULE_MUTABLE = new Set(['RuleName', 'RuleARN', 'FixedRate', 'ReservoirSize']);

/**
 * The sampling rules of the local X-Ray: CRUD with X-Ray's validation and limits, and the
 * sampling decision itself (first matching rule by priority, its reservoir, then its fixed rate)
 * for the local API Gateway, which decides in-process as API Gateway does in AWS.
 */
export class SamplingRuleStore {
  private readonly records = new Map<string, SamplingRuleRecord>();
  private readonly reservoirs = new Map<string, Reservoir>();
  /** Records and their rules in evaluation order, rebuilt on each change. */
  private orderedRecords: SamplingRuleRecord[] = [];
  private ordered: SamplingRule[] = [];
  private readonly now: () => number;
  private readonly random: () => number;
  /** Epoch seconds of the last create, update or delete (GetSamplingTargets reports it). */
  lastModification = 0;
  /** The rules created through the API, kept across restarts; told of every change. */
  readonly userMade = new UserMadeNames();

  constructor(options: RuleStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.put({ ...DEFAULT_SAMPLING_RULE }, 0);
  }

  /** Every rule, in evaluation order. */
  list(): SamplingRuleRecord[] {
    return [...this.orderedRecords];
  }

  get(nameOrArn: string): SamplingRuleRecord | undefined {
    return (
      this.records.get(nameOrArn) ??
      this.orderedRecords.find((r) => r.SamplingRule.RuleARN === nameOrArn)
    );
  }

  /**
   * CreateSamplingRule. In-process (the local cloud's shared definition) it replaces a user-made
   * rule of the same name restored from an earlier run: the definition wins.
   */
  create(input: Record<string, unknown>, origin: ChangeOrigin = 'in-process'): SamplingRuleRecord {
    const problems = ruleProblems(input, true);
    if (problems.length) throw invalid(problems);
    const fields = input as unknown as SamplingRuleInput;
    if (origin === 'in-process' && this.userMade.has(fields.RuleName)) {
      this.delete(fields.RuleName);
    }
    if (this.records.has(fields.RuleName)) {
      throw new ControlPlaneError(
        'InvalidRequestException',
        `A sampling rule named ${fields.RuleName} already exists`,
      );
    }
    if (this.records.size >= MAX_SAMPLING_RULES) {
      throw new ControlPlaneError(
        'RuleLimitExceededException',
        `At most ${MAX_SAMPLING_RULES} sampling rules, the Default rule included`,
      );
    }
    const rule: SamplingRule = {
      RuleName: fields.RuleName,
      RuleARN: ruleArn(fields.RuleName),
      ResourceARN: fields.ResourceARN,
      Priority: fields.Priority,
      FixedRate: fields.FixedRate,
      ReservoirSize: fields.ReservoirSize,
      ServiceName: fields.ServiceName,
      ServiceType: fields.ServiceType,
      Host: fields.Host,
      HTTPMethod: fields.HTTPMethod,
      URLPath: fields.URLPath,
      Version: 1,
      Attributes: { ...(fields.Attributes ?? {}) },
    };
    const record = this.put(rule, this.nowSeconds());
    this.userMade.created(rule.RuleName, origin);
    return record;
  }

  /** Takes back a user-made rule saved by an earlier run, as it was (ARN, times, version). */
  restore(record: SamplingRuleRecord): void {
    const rule = record.SamplingRule;
    const problems = ruleProblems({ ...rule }, true);
    if (problems.length) throw invalid(problems);
    if (this.records.has(rule.RuleName) || this.records.size >= MAX_SAMPLING_RULES) {
      throw new ControlPlaneError(
        'InvalidRequestException',
        `The saved rule ${rule.RuleName} is held already or over the limit`,
      );
    }
    this.put({ ...rule, RuleARN: ruleArn(rule.RuleName) }, record.ModifiedAt, record.CreatedAt);
    this.userMade.created(rule.RuleName, 'api');
  }

  /** The user-made rules, to save. */
  userMadeRecords(): SamplingRuleRecord[] {
    return this.orderedRecords.filter((r) => this.userMade.has(r.SamplingRule.RuleName));
  }

  update(update: Record<string, unknown>): SamplingRuleRecord {
    const { RuleName, RuleARN } = update as SamplingRuleUpdate;
    const name = RuleName ?? RuleARN;
    if (typeof name !== 'string') {
      throw invalid([{ field: 'RuleName', message: 'RuleName or RuleARN is required' }]);
    }
    const held = this.get(name);
    if (!held) throw unknownRule(name);
    const changes = Object.fromEntries(
      Object.entries(update).filter(([, value]) => value !== undefined && value !== null),
    );
    delete changes.RuleName;
    delete changes.RuleARN;
    if ('Version' in changes) {
      throw invalid([{ field: 'Version', message: 'Version cannot be updated' }]);
    }
    if (held.SamplingRule.RuleName === DEFAULT_RULE_NAME) {
      const refused = Object.keys(changes).filter((k) => !DEFAULT_RULE_MUTABLE.has(k));
      if (refused.length) {
        throw invalid(
          refused.map((field) => ({
            field,
            message: `The Default rule's ${field} cannot be changed (only FixedRate and ReservoirSize)`,
          })),
        );
      }
    }
    const problems = ruleProblems(changes, false);
    if (problems.length) throw invalid(problems);
    const rule = { ...held.SamplingRule, ...(changes as Partial<SamplingRule>) };
    const record = this.put(rule, this.nowSeconds(), held.CreatedAt);
    this.userMade.changed();
    return record;
  }

  delete(nameOrArn: unknown): SamplingRuleRecord {
    if (typeof nameOrArn !== 'string') {
      throw invalid([{ field: 'RuleName', message: 'RuleName or RuleARN is required' }]);
    }
    const held = this.get(nameOrArn);
    if (!held) throw unknownRule(nameOrArn);
    if (held.SamplingRule.RuleName === DEFAULT_RULE_NAME) {
      throw invalid([{ field: 'RuleName', message: 'The Default rule cannot be deleted' }]);
    }
    this.records.delete(held.SamplingRule.RuleName);
    this.reservoirs.delete(held.SamplingRule.RuleName);
    this.reorder();
    this.lastModification = this.nowSeconds();
    this.userMade.deleted(held.SamplingRule.RuleName);
    return held;
  }

  /**
   * Samples one request: the first matching rule's reservoir for this second, else a draw at
   * its fixed rate. The Default rule matches whatever no other rule does.
   */
  decide(request: SamplingRequest): SamplingDecision {
    // The Default rule matches every request, so a rule is always found.
    const rule = matchingRule(this.ordered, request) ?? this.ordered[this.ordered.length - 1];
    const reservoir = this.reservoirs.get(rule.RuleName);
    if (reservoir?.take(this.now()))
      return { sampled: true, ruleName: rule.RuleName, by: 'reservoir' };
    return { sampled: this.random() < rule.FixedRate, ruleName: rule.RuleName, by: 'rate' };
  }

  private put(rule: SamplingRule, at: number, createdAt = at): SamplingRuleRecord {
    const record = { SamplingRule: rule, CreatedAt: createdAt, ModifiedAt: at };
    this.records.set(rule.RuleName, record);
    const reservoir = this.reservoirs.get(rule.RuleName);
    if (reservoir) reservoir.resize(rule.ReservoirSize);
    else this.reservoirs.set(rule.RuleName, new Reservoir(rule.ReservoirSize));
    this.reorder();
    this.lastModification = Math.max(this.lastModification, at);
    return record;
  }

  private reorder(): void {
    this.orderedRecords = [...this.records.values()].sort((a, b) =>
      byEvaluationOrder(a.SamplingRule, b.SamplingRule),
    );
    this.ordered = this.orderedRecords.map((r) => r.SamplingRule);
  }

  private nowSeconds(): number {
    return this.now() / 1000;
  }
}

function unknownRule(name: string): ControlPlaneError {
  return new ControlPlaneError('InvalidRequestException', `No sampling rule named ${name}`);
}
