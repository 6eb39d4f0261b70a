import { appStackName, sharedParameterName, xrayName } from './names';
import { stageConfig } from './stage';
import { urlPathPattern } from '../monitoring/sampling';
import { wildcardReason } from '../nag';

describe('names', () => {
  it('names stacks and SSM parameters by stage', () => {
    expect(appStackName('prod', 'posts')).toBe('traced-social-prod-posts');
    expect(sharedParameterName('dev', 'redis/url')).toBe('/traced-social/dev/shared/redis/url');
  });

  it('keeps X-Ray names within 32 valid characters, stable and distinct', () => {
    expect(xrayName('dev', 'op', 'CREATE_POST')).toBe('dev-op-CREATE_POST');
    const long = xrayName('prod', 'op', 'PROCESS_NOTIFICATION_EVENT_BATCH');
    const other = xrayName('prod', 'op', 'PROCESS_NOTIFICATION_EVENT_BATCHES');
    expect(long).toHaveLength(32);
    expect(long).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(long).toBe(xrayName('prod', 'op', 'PROCESS_NOTIFICATION_EVENT_BATCH'));
    expect(long).not.toBe(other);
    expect(xrayName('dev', 'GET', '/users/userId')).toBe('dev-GET--users-userId');
  });
});

describe('stages', () => {
  it('samples less and captures no HTTPS calls in prod', () => {
    const dev = stageConfig('dev');
    const prod = stageConfig('prod');
    expect(prod.captureHttpsRequests).toBe(false);
    expect(dev.captureHttpsRequests).toBe(true);
    expect(prod.sampling.reads.fixedRate).toBeLessThan(dev.sampling.reads.fixedRate);
    expect(prod.sampling.writes.fixedRate).toBeLessThan(dev.sampling.writes.fixedRate);
    expect(prod.sampling.routes['GET /feed'].fixedRate).toBeLessThan(prod.sampling.reads.fixedRate);
  });
});

describe('sampling paths', () => {
  it('turns path parameters and any stage prefix into wildcards', () => {
    expect(urlPathPattern('/posts/{postId}/likes')).toBe('*/posts/*/likes');
    expect(urlPathPattern('/feed')).toBe('*/feed');
  });
});

describe('explained wildcards', () => {
  it('explains the scoped wildcards of function policies and nothing else', () => {
    const xray = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
    expect(wildcardReason('*', xray)).toMatch(/no resource-level permissions/);
    expect(wildcardReason('*', ['dynamodb:GetItem'])).toBeUndefined();
    // CDK's minimizePolicies (cdk.json) merges a role's `*` statements: explained group by group.
    expect(wildcardReason('*', [...xray, 'ec2:CreateNetworkInterface'])).toMatch(
      /no resource-level permissions; Lambda manages a VPC function's network interfaces/,
    );
    expect(wildcardReason('*', [...xray, 'dynamodb:GetItem'])).toBeUndefined();
    expect(
      wildcardReason('arn:aws:dynamodb:eu-west-1:1:table/<P>/index/*', ['dynamodb:Query']),
    ).toMatch(/global secondary indexes/);
    expect(
      wildcardReason('arn:aws:dynamodb:eu-west-1:1:table/*', ['dynamodb:Query']),
    ).toBeUndefined();
    expect(wildcardReason('arn:aws:s3:::<Bucket>/*', ['s3:PutObject'])).toMatch(/one bucket/);
    expect(wildcardReason('arn:aws:s3:::*', ['s3:PutObject'])).toBeUndefined();
    expect(
      wildcardReason('arn:aws:logs:eu-west-1:1:log-group:/aws/lambda/x:*', ['logs:PutLogEvents']),
    ).toMatch(/own log group/);
  });
});
