import {
  GetSamplingRulesCommand,
  GetTraceSummariesCommand,
  UpdateSamplingRuleCommand,
  XRayClient,
  type SamplingRule,
} from '@aws-sdk/client-xray';
// The settings' own module, not the lib's index: that would bring the DynamoDB client and zod
// (modules of the index that run code as they load) into a bundle that uses neither.
import { baseClientConfig } from '@traced-social/aws-clients/client-config';
import { captureAwsClient } from '@traced-social/observability';
import type { TraceOutcome } from '../domain/failure-rates';

/** A sampling rule as the controller reads it: the rule and its last change (epoch seconds). */
export interface RuleRecord {
  rule: SamplingRule & { RuleName: string; FixedRate: number; Priority: number };
  modifiedAt: number;
}

/**
 * The X-Ray API the controller uses: the rules, the trace summaries of a window, one rule's fixed
 * rate. The client takes the shared settings of every AWS client (`AWS_ENDPOINT_URL_XRAY` locally,
 * bounded timeouts, `standard` retries: `AWS_RETRY_MODE=adaptive` would otherwise reach the bundle's
 * adaptive-retry stand-in, decision 1922).
 */
export class XRayControlPlane {
  private readonly xray = captureAwsClient(new XRayClient(baseClientConfig('XRAY')));

  async rules(): Promise<RuleRecord[]> {
    const records: RuleRecord[] = [];
    let token: string | undefined;
    do {
      const page = await this.xray.send(new GetSamplingRulesCommand({ NextToken: token }));
      for (const record of page.SamplingRuleRecords ?? []) {
        const rule = record.SamplingRule;
        if (!rule?.RuleName || rule.FixedRate === undefined || rule.Priority === undefined)
          continue;
        records.push({
          rule: {
            ...rule,
            RuleName: rule.RuleName,
            FixedRate: rule.FixedRate,
            Priority: rule.Priority,
          },
          modifiedAt: (record.ModifiedAt ?? new Date(0)).getTime() / 1000,
        });
      }
      token = page.NextToken;
    } while (token);
    return records;
  }

  /** Summaries of the traces that started in the last `seconds`, at most `max` (newest first). */
  async traceOutcomes(nowMs: number, seconds: number, max: number): Promise<TraceOutcome[]> {
    const outcomes: TraceOutcome[] = [];
    let token: string | undefined;
    do {
      const page = await this.xray.send(
        new GetTraceSummariesCommand({
          StartTime: new Date(nowMs - seconds * 1000),
          EndTime: new Date(nowMs),
          NextToken: token,
        }),
      );
      for (const summary of page.TraceSummaries ?? []) {
        outcomes.push({
          serviceName: summary.EntryPoint?.Name,
          serviceType: summary.EntryPoint?.Type,
          method: summary.Http?.HttpMethod,
          url: summary.Http?.HttpURL,
          fault: summary.HasFault === true,
          error: summary.HasError === true,
          throttle: summary.HasThrottle === true,
        });
      }
      token = page.NextToken;
    } while (token && outcomes.length < max);
    return outcomes.slice(0, max);
  }

  async setFixedRate(ruleName: string, fixedRate: number): Promise<void> {
    await this.xray.send(
      new UpdateSamplingRuleCommand({
        SamplingRuleUpdate: { RuleName: ruleName, FixedRate: fixedRate },
      }),
    );
  }
}
