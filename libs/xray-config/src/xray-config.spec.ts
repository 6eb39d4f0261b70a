import { appGroups, stageGroups } from './groups';
import { apiStageServiceName, xrayName } from './names';
import { SAMPLING_RATES } from './sampling-rates';
import { appSamplingRules, baseFixedRate, urlPathPattern } from './sampling-rules';
import { apiRoutes, stageXrayPlan } from './stage-plan';
import { apiFunction, plannedApp } from './testing';

const likes = plannedApp('likes', [
  apiFunction('like-post', 'LIKE_POST', 'PUT', '/posts/{postId}/like'),
  apiFunction('get-likes', 'GET_LIKES', 'GET', '/posts/{postId}/likes'),
  { name: 'count-likes', operationType: 'COUNT_LIKES', trigger: { type: 'stream' } },
]);

describe('the X-Ray plan shared by the CDK stacks and the local cloud', () => {
  it('names rules and groups within X-Ray limits, stably', () => {
    expect(xrayName('prod', 'likes', 'PUT', '/posts/postId/like')).toMatch(
      /^prod-likes-PUT--posts-pos-[0-9a-f]{6}$/,
    );
    expect(xrayName('prod', 'likes', 'PUT', '/posts/postId/like')).toHaveLength(32);
    expect(xrayName('prod', 'likes', 'reads')).toBe('prod-likes-reads');
    expect(apiStageServiceName('local', 'likes')).toBe('traced-social-local-likes/local');
  });

  it('gives each app route overrides first, then reads, then writes', () => {
    const feed = plannedApp('feed', [apiFunction('get-feed', 'GET_FEED', 'GET', '/feed')]);
    const rules = appSamplingRules('prod', 'feed', apiRoutes(feed), SAMPLING_RATES.prod);
    expect(
      rules.map((r) => [r.RuleName, r.Priority, r.HTTPMethod, r.URLPath, r.FixedRate]),
    ).toEqual([
      ['prod-feed-GET--feed', 100, 'GET', '*/feed', 0.01],
      ['prod-feed-reads', 1000, 'GET', '*', 0.05],
      ['prod-feed-writes', 1100, '*', '*', 0.1],
    ]);
    expect(rules[0]).toMatchObject({
      ServiceName: 'traced-social-prod-feed/prod',
      ServiceType: 'AWS::ApiGateway::Stage',
      ReservoirSize: 1,
    });
    expect(urlPathPattern('/posts/{postId}/like')).toBe('*/posts/*/like');
  });

  it('samples every local request by default', () => {
    const { samplingRules } = stageXrayPlan('local', [likes], SAMPLING_RATES.local);
    expect(samplingRules.map((r) => r.FixedRate)).toEqual([1, 1]);
  });

  it("lists the stage's groups and each app's (its own, and its key operations')", () => {
    expect(stageGroups('dev').map((g) => [g.key, g.GroupName, g.FilterExpression])).toEqual([
      ['slow-requests', 'dev-slow-requests', 'annotation.stage = "dev" AND (responsetime > 1)'],
      ['errors', 'dev-errors', 'annotation.stage = "dev" AND (error = true OR fault = true)'],
      [
        'cache-misses',
        'dev-cache-misses',
        'annotation.stage = "dev" AND (annotation.cacheHit = false)',
      ],
    ]);
    expect(appGroups('dev', likes)).toEqual([
      {
        key: 'app-likes',
        GroupName: 'dev-app-likes',
        FilterExpression: 'annotation.stage = "dev" AND (annotation.Service = "likes")',
      },
      {
        key: 'op-LIKE_POST',
        GroupName: 'dev-op-LIKE_POST',
        FilterExpression: 'annotation.stage = "dev" AND (annotation.operationType = "LIKE_POST")',
      },
    ]);
    expect(stageXrayPlan('dev', [likes], SAMPLING_RATES.dev).groups).toHaveLength(5);
  });
});

describe('baseFixedRate', () => {
  it("finds each generated rule's rate in the definition, and none for other rules", () => {
    const rules = stageXrayPlan('prod', [likes], SAMPLING_RATES.prod).samplingRules;
    expect(rules.map((r) => baseFixedRate(r, SAMPLING_RATES.prod))).toEqual(
      rules.map((r) => r.FixedRate),
    );
    expect(baseFixedRate({ HTTPMethod: 'GET', URLPath: '*/feed' }, SAMPLING_RATES.prod)).toBe(0.01);
    expect(
      baseFixedRate({ HTTPMethod: 'POST', URLPath: '/x' }, SAMPLING_RATES.prod),
    ).toBeUndefined();
  });
});
