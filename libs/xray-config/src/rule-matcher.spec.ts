import { byEvaluationOrder, matchingRule, ruleMatches, type MatchableRule } from './rule-matcher';
import { wildcardMatch } from './wildcard';

const DEFAULT_SAMPLING_RULE: MatchableRule = {
  RuleName: 'Default',
  Priority: 10000,
  ServiceName: '*',
  ServiceType: '*',
  Host: '*',
  HTTPMethod: '*',
  URLPath: '*',
  ResourceARN: '*',
  Attributes: {},
};

const rule = (name: string, fields: Partial<MatchableRule> = {}): MatchableRule => ({
  ...DEFAULT_SAMPLING_RULE,
  RuleName: name,
  Priority: 100,
  ...fields,
});

describe('wildcards of sampling rules', () => {
  it.each([
    ['*', '', true],
    ['*', '/anything/at/all', true],
    ['/posts/*/like', '/posts/p-1/like', true],
    ['/posts/*/like', '/posts/p-1/likes', false],
    ['/posts/*', '/posts/', true],
    ['*/feed', '/local/feed', true],
    ['GET', 'get', true],
    ['GE?', 'GET', true],
    ['GE?', 'GETS', false],
    ['a.b', 'axb', false],
    ['/users/*/posts*', '/users/u-1/posts?limit=2', true],
  ])('%s against %s: %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('rule matching', () => {
  const likes = rule('likes', {
    ServiceName: 'traced-social-*-likes/*',
    ServiceType: 'AWS::ApiGateway::Stage',
    HTTPMethod: 'PUT',
    URLPath: '*/posts/*/like',
    Host: '*.example.com',
    ResourceARN: 'arn:aws:apigateway:*',
    Attributes: { 'x-client': 'mobile-*' },
  });
  const request = {
    serviceName: 'traced-social-prod-likes/prod',
    serviceType: 'AWS::ApiGateway::Stage',
    httpMethod: 'PUT',
    urlPath: '/posts/p-1/like',
    host: 'api.example.com',
    resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod',
    attributes: { 'x-client': 'mobile-ios' },
  };

  it('matches when every field matches', () => {
    expect(ruleMatches(likes, request)).toBe(true);
  });

  it.each([
    ['serviceName', { serviceName: 'traced-social-prod-posts/prod' }],
    ['serviceType', { serviceType: 'AWS::Lambda::Function' }],
    ['httpMethod', { httpMethod: 'DELETE' }],
    ['urlPath', { urlPath: '/posts/p-1/likes' }],
    ['host', { host: 'example.org' }],
    ['resourceArn', { resourceArn: 'arn:aws:lambda:us-east-1:1:function:x' }],
    ['an attribute value', { attributes: { 'x-client': 'web' } }],
    ['a missing attribute', { attributes: {} }],
  ])('does not match on another %s', (_what, change) => {
    expect(ruleMatches(likes, { ...request, ...change })).toBe(false);
  });

  it('does not hold a field the request lacks against the rule', () => {
    const { host: _host, resourceArn: _arn, ...withoutHost } = request;
    expect(ruleMatches(likes, withoutHost)).toBe(true);
  });

  it('takes the first rule by priority, then by name; Default last', () => {
    const ordered = [
      DEFAULT_SAMPLING_RULE,
      rule('writes', { Priority: 1100 }),
      rule('reads', { Priority: 1000, HTTPMethod: 'GET' }),
      rule('feed-b', { Priority: 100, HTTPMethod: 'GET', URLPath: '*/feed' }),
      rule('feed-a', { Priority: 100, HTTPMethod: 'GET', URLPath: '*/feed' }),
    ].sort(byEvaluationOrder);
    expect(ordered.map((r) => r.RuleName)).toEqual([
      'feed-a',
      'feed-b',
      'reads',
      'writes',
      'Default',
    ]);
    const pick = (httpMethod: string, urlPath: string) =>
      matchingRule(ordered, { httpMethod, urlPath })?.RuleName;
    expect(pick('GET', '/local/feed')).toBe('feed-a');
    expect(pick('GET', '/posts/p-1')).toBe('reads');
    expect(pick('POST', '/posts')).toBe('writes');
    expect(matchingRule([DEFAULT_SAMPLING_RULE], { httpMethod: 'X' })?.RuleName).toBe('Default');
  });
});
