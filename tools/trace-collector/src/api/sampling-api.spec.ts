import {
  CreateSamplingRuleCommand,
  DeleteSamplingRuleCommand,
  GetSamplingRulesCommand,
  GetSamplingStatisticSummariesCommand,
  GetSamplingTargetsCommand,
  InvalidRequestException,
  UpdateSamplingRuleCommand,
  type SamplingRule,
} from '@aws-sdk/client-xray';
import { collectorPerTest } from '../testing/collector-per-test';

const likeRule: SamplingRule = {
  RuleName: 'local-likes-like',
  ResourceARN: '*',
  Priority: 100,
  FixedRate: 0.1,
  ReservoirSize: 2,
  ServiceName: 'traced-social-local-likes/local',
  ServiceType: 'AWS::ApiGateway::Stage',
  Host: '*',
  HTTPMethod: 'PUT',
  URLPath: '*/posts/*/like',
  Version: 1,
  Attributes: { team: 'likes' },
};

/** The sampling API as `@aws-sdk/client-xray` calls it (the controller and the CDK use it). */
describe('sampling rules over the X-Ray API', () => {
  const local = collectorPerTest();

  it('creates, lists, updates and deletes a rule', async () => {
    const before = Date.now();
    const created = await local.client.send(
      new CreateSamplingRuleCommand({ SamplingRule: likeRule }),
    );
    expect(created.SamplingRuleRecord?.SamplingRule).toEqual({
      ...likeRule,
      RuleARN: 'arn:aws:xray:us-east-1:000000000000:sampling-rule/local-likes-like',
    });
    expect(created.SamplingRuleRecord?.CreatedAt?.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const listed = await local.client.send(new GetSamplingRulesCommand({}));
    expect(listed.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual([
      'local-likes-like',
      'Default',
    ]);

    const updated = await local.client.send(
      new UpdateSamplingRuleCommand({
        SamplingRuleUpdate: { RuleName: 'local-likes-like', FixedRate: 0.5 },
      }),
    );
    expect(updated.SamplingRuleRecord?.SamplingRule).toMatchObject({
      FixedRate: 0.5,
      ReservoirSize: 2,
      URLPath: '*/posts/*/like',
    });
    expect(local.collector.samplingRules.get('local-likes-like')?.SamplingRule.FixedRate).toBe(0.5);

    const deleted = await local.client.send(
      new DeleteSamplingRuleCommand({
        RuleARN: 'arn:aws:xray:us-east-1:000000000000:sampling-rule/local-likes-like',
      }),
    );
    expect(deleted.SamplingRuleRecord?.SamplingRule?.FixedRate).toBe(0.5);
    const after = await local.client.send(new GetSamplingRulesCommand({}));
    expect(after.SamplingRuleRecords?.map((r) => r.SamplingRule?.RuleName)).toEqual(['Default']);
  });

  it('answers a refused change with InvalidRequestException and changes nothing', async () => {
    await local.client.send(new CreateSamplingRuleCommand({ SamplingRule: likeRule }));
    const duplicate = local.client.send(new CreateSamplingRuleCommand({ SamplingRule: likeRule }));
    await expect(duplicate).rejects.toBeInstanceOf(InvalidRequestException);
    await expect(duplicate).rejects.toThrow(
      'A sampling rule named local-likes-like already exists',
    );
    await expect(
      local.client.send(
        new UpdateSamplingRuleCommand({
          SamplingRuleUpdate: { RuleName: 'local-likes-like', FixedRate: 2 },
        }),
      ),
    ).rejects.toThrow('FixedRate must be a number from 0 to 1');
    await expect(
      local.client.send(new DeleteSamplingRuleCommand({ RuleName: 'Default' })),
    ).rejects.toThrow('The Default rule cannot be deleted');
    await expect(
      local.client.send(new DeleteSamplingRuleCommand({ RuleName: 'unknown' })),
    ).rejects.toThrow('No sampling rule named unknown');
    expect(local.collector.samplingRules.get('local-likes-like')?.SamplingRule.FixedRate).toBe(0.1);
  });

  it("shares a rule's reservoir among the clients that report on it", async () => {
    await local.client.send(
      new CreateSamplingRuleCommand({ SamplingRule: { ...likeRule, ReservoirSize: 5 } }),
    );
    const report = (clientId: string) =>
      local.client.send(
        new GetSamplingTargetsCommand({
          SamplingStatisticsDocuments: [
            {
              RuleName: 'local-likes-like',
              ClientID: clientId.repeat(24),
              Timestamp: new Date(),
              RequestCount: 10,
              SampledCount: 3,
              BorrowCount: 0,
            },
            {
              RuleName: 'gone',
              ClientID: clientId.repeat(24),
              Timestamp: new Date(),
              RequestCount: 1,
              SampledCount: 1,
              BorrowCount: 0,
            },
          ],
        }),
      );
    const alone = await report('a');
    expect(alone.SamplingTargetDocuments).toEqual([
      expect.objectContaining({ RuleName: 'local-likes-like', FixedRate: 0.1, ReservoirQuota: 5 }),
    ]);
    expect(alone.UnprocessedStatistics).toEqual([
      { RuleName: 'gone', ErrorCode: '400', Message: 'Unknown rule' },
    ]);
    expect(alone.LastRuleModification).toBeInstanceOf(Date);
    const second = await report('b');
    const first = await report('a');
    // 5 per second between two clients: 3 for the first by id, 2 for the other.
    expect(first.SamplingTargetDocuments?.[0].ReservoirQuota).toBe(3);
    expect(second.SamplingTargetDocuments?.[0].ReservoirQuota).toBe(2);
  });

  it('sums the reported statistics per rule and 10-second window for GetSamplingStatisticSummaries', async () => {
    await local.client.send(new CreateSamplingRuleCommand({ SamplingRule: likeRule }));
    const window = Math.floor(Date.now() / 10_000) * 10;
    const report = (clientId: string, at: number, counts: [number, number, number]) =>
      local.client.send(
        new GetSamplingTargetsCommand({
          SamplingStatisticsDocuments: [
            {
              RuleName: 'local-likes-like',
              ClientID: clientId.repeat(24),
              Timestamp: new Date(at * 1000),
              RequestCount: counts[0],
              SampledCount: counts[1],
              BorrowCount: counts[2],
            },
            {
              RuleName: 'unknown-rule',
              ClientID: clientId.repeat(24),
              Timestamp: new Date(at * 1000),
              RequestCount: 7,
              SampledCount: 7,
              BorrowCount: 0,
            },
          ],
        }),
      );
    await report('a', window - 10 + 2, [4, 2, 0]);
    await report('a', window + 1, [10, 3, 1]);
    await report('b', window + 9, [6, 1, 0]);

    const { SamplingStatisticSummaries } = await local.client.send(
      new GetSamplingStatisticSummariesCommand({}),
    );
    expect(SamplingStatisticSummaries).toEqual([
      {
        RuleName: 'local-likes-like',
        Timestamp: new Date(window * 1000),
        RequestCount: 16,
        SampledCount: 4,
        BorrowCount: 1,
      },
      {
        RuleName: 'local-likes-like',
        Timestamp: new Date((window - 10) * 1000),
        RequestCount: 4,
        SampledCount: 2,
        BorrowCount: 0,
      },
    ]);
  });
});
