import { Match } from 'aws-cdk-lib/assertions';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { App } from 'aws-cdk-lib';
import { LAMBDA_RUNTIME, resources } from '@traced-social/manifest';
import { tableActions, VPC_ENI_ACTIONS } from './app-stack/grants';
import { buildStacks } from './build-stacks';
import { monitoringQueries } from './monitoring/xray-groups';
import { xrayUsage } from './monitoring/xray-quotas';
import { stageConfig } from './config/stage';
import { fixtureApp, synthesise, type Synthesised } from './testing/synth';
import {
  apiRoutes,
  functionLogicalId,
  functionManagedPolicies,
  functionStatements,
  grantPairs,
  resourcesOfType,
} from './testing/template-helpers';

const fixture = fixtureApp();
const APP_STACK = (stage: string) => `traced-social-${stage}-fixture`;
const SHARED_STACK = (stage: string) => `traced-social-${stage}-shared`;
const fnName = (stage: string, name: string) => `traced-social-${stage}-fixture-${name}`;
const ssm = (key: string, stage = 'dev') => `{/traced-social/${stage}/shared/${key}}`;
const tableArn = (table: string) =>
  `arn:{AWS::Partition}:dynamodb:eu-west-1:000000000000:table/${ssm(`table/${table}/name`)}`;

describe('stacks built from the fixture manifest', () => {
  let dev: Synthesised;
  let prod: Synthesised;

  beforeAll(() => {
    // Prepare: one synthesis per stage (cdk-nag runs in it and throws on any finding).
    dev = synthesise({ apps: [fixture] });
    prod = synthesise({ apps: [fixture], context: { stage: 'prod' } });
  });

  it('gives every function active tracing, arm64, the pinned runtime and the Powertools environment', () => {
    const template = dev.template(APP_STACK('dev'));
    const functions = Object.values(resourcesOfType(template, 'AWS::Lambda::Function'));
    expect(functions).toHaveLength(fixture.manifest.functions.length);
    for (const fn of fixture.manifest.functions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: fnName('dev', fn.name),
        TracingConfig: { Mode: 'Active' },
        Architectures: ['arm64'],
        Runtime: LAMBDA_RUNTIME,
        Handler: 'index.handler',
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_SERVICE_NAME: 'fixture',
            POWERTOOLS_METRICS_NAMESPACE: 'TracedSocial',
            POWERTOOLS_LOG_LEVEL: 'DEBUG',
            POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'true',
            STAGE: 'dev',
            TRACING_BACKEND: 'xray',
          }),
        },
      });
    }
  });

  it('sets one environment variable per resource a function uses, and no others', () => {
    const template = dev.template(APP_STACK('dev'));
    const fn = resourcesOfType(template, 'AWS::Lambda::Function')[
      functionLogicalId(template, fnName('dev', 'create-thing'))
    ];
    const variables = (fn.Properties?.Environment as { Variables: Record<string, unknown> })
      .Variables;
    expect(
      Object.keys(variables)
        .filter((key) => !key.startsWith('POWERTOOLS_'))
        .sort(),
    ).toEqual([
      'ACCESS_TOKEN_JWKS_ARN',
      'BUCKET_MEDIA',
      'STAGE',
      'STREAM_EVENTS',
      'TABLE_POSTS',
      'TABLE_USERS',
      'TRACING_BACKEND',
    ]);
    const getThing = resourcesOfType(template, 'AWS::Lambda::Function')[
      functionLogicalId(template, fnName('dev', 'get-thing'))
    ];
    const getThingVariables = (
      getThing.Properties?.Environment as { Variables: Record<string, unknown> }
    ).Variables;
    expect(getThingVariables).toHaveProperty('TABLE_POSTS');
    expect(getThingVariables).not.toHaveProperty('ACCESS_TOKEN_JWKS_ARN');
    expect(getThingVariables).not.toHaveProperty('REDIS_URL');
  });

  it('grants each function exactly what its manifest uses', () => {
    const template = dev.template(APP_STACK('dev'));
    const createThing = grantPairs(template, fnName('dev', 'create-thing'));
    const expected = [
      ...tableActions.readwrite.flatMap((action) => [
        `${action} ${tableArn('posts')}`,
        `${action} ${tableArn('posts')}/index/*`,
      ]),
      ...tableActions.read.flatMap((action) => [
        `${action} ${tableArn('users')}`,
        `${action} ${tableArn('users')}/index/*`,
      ]),
      ...['kinesis:PutRecord', 'kinesis:PutRecords'].map(
        (action) =>
          `${action} arn:{AWS::Partition}:kinesis:eu-west-1:000000000000:stream/${ssm('stream/events/name')}`,
      ),
      `s3:PutObject arn:{AWS::Partition}:s3:::${ssm('bucket/media/name')}/*`,
      `secretsmanager:GetSecretValue ${ssm('access-token/jwks/arn')}`,
      'xray:PutTelemetryRecords *',
      'xray:PutTraceSegments *',
    ];
    const withoutLogs = createThing.filter((pair) => !pair.startsWith('logs:'));
    expect(withoutLogs).toEqual(expected.sort());
    // Logging: only to the function's own log group.
    const logPairs = createThing.filter((pair) => pair.startsWith('logs:'));
    expect(logPairs).toHaveLength(2);
    expect(logPairs.every((pair) => /\{createthingHandlerLogs[A-Z0-9]+\.Arn\}$/.test(pair))).toBe(
      true,
    );

    // A read-only function cannot write.
    const getThing = grantPairs(template, fnName('dev', 'get-thing'));
    expect(getThing.some((pair) => /PutItem|UpdateItem|DeleteItem|BatchWriteItem/.test(pair))).toBe(
      false,
    );
    expect(getThing.filter((pair) => pair.startsWith('dynamodb:'))).toHaveLength(
      tableActions.read.length * 2,
    );
  });

  it('allows no wildcard action and a "*" resource only for X-Ray and VPC network interfaces', () => {
    const template = dev.template(APP_STACK('dev'));
    for (const fn of fixture.manifest.functions) {
      for (const statement of functionStatements(template, fnName('dev', fn.name))) {
        expect(statement.actions.filter((action) => action.includes('*'))).toEqual([]);
        if (statement.resources.includes('*')) {
          expect([
            ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
            ...(fn.uses?.redis ? [[...VPC_ENI_ACTIONS].sort()] : []),
          ]).toContainEqual(statement.actions);
        }
      }
    }
  });

  it('places only the functions that use Redis in the VPC, with REDIS_URL', () => {
    const template = dev.template(APP_STACK('dev'));
    const functions = resourcesOfType(template, 'AWS::Lambda::Function');
    for (const fn of fixture.manifest.functions) {
      const props = functions[functionLogicalId(template, fnName('dev', fn.name))].Properties!;
      const variables = (props.Environment as { Variables: Record<string, unknown> }).Variables;
      if (fn.uses?.redis) {
        expect(props.VpcConfig).toEqual({
          SubnetIds: [
            { Ref: expect.stringMatching(/^SsmParameterValue.*privatesubnet1/) },
            { Ref: expect.stringMatching(/^SsmParameterValue.*privatesubnet2/) },
          ],
          SecurityGroupIds: [{ Ref: expect.stringMatching(/clientsecuritygroupid/) }],
        });
        expect(variables).toHaveProperty('REDIS_URL');
        expect(functionStatements(template, fnName('dev', fn.name))).toContainEqual({
          actions: [...VPC_ENI_ACTIONS].sort(),
          resources: ['*'],
        });
      } else {
        expect(props.VpcConfig).toBeUndefined();
        expect(variables).not.toHaveProperty('REDIS_URL');
      }
      // No managed policy: AWSLambdaVPCAccessExecutionRole would reopen logs:* on every group.
      expect(functionManagedPolicies(template, fnName('dev', fn.name))).toEqual([]);
    }
  });

  it('routes every API trigger of the manifest to its handler on a traced, logged REST stage', () => {
    const template = dev.template(APP_STACK('dev'));
    const expected = fixture.manifest.functions.flatMap((fn) =>
      fn.trigger.type === 'api'
        ? [
            `${fn.trigger.method} ${fn.trigger.path} -> ${functionLogicalId(template, fnName('dev', fn.name))}`,
          ]
        : [],
    );
    expect(apiRoutes(template)).toEqual(expected.sort());
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'dev',
      TracingEnabled: true,
      AccessLogSetting: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('xrayTraceId'),
      },
      MethodSettings: [
        Match.objectLike({ LoggingLevel: 'ERROR', DataTraceEnabled: false, MetricsEnabled: true }),
      ],
    });
    template.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'traced-social-dev-fixture',
    });
  });

  it('wires stream triggers with batch settings, partial failures and a dead-letter queue with an alarm', () => {
    const template = dev.template(APP_STACK('dev'));
    const fanOut = functionLogicalId(template, fnName('dev', 'fan-out'));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fanOut },
      EventSourceArn: Match.anyValue(),
      BatchSize: 50,
      MaximumRetryAttempts: 5,
      BisectBatchOnFunctionError: true,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const countLikes = functionLogicalId(template, fnName('dev', 'count-likes'));
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: countLikes },
      EventSourceArn: { Ref: Match.stringLikeRegexp('tablelikesstreamarn') },
      BatchSize: 100,
      MaximumRetryAttempts: 3,
      BisectBatchOnFunctionError: false,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const mappings = Object.values(resourcesOfType(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queueId of Object.keys(queues)) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
    // The consumer may read its stream and nothing more of it.
    expect(grantPairs(template, fnName('dev', 'fan-out'))).toEqual(
      expect.arrayContaining([
        `kinesis:GetRecords arn:{AWS::Partition}:kinesis:eu-west-1:000000000000:stream/${ssm('stream/events/name')}`,
      ]),
    );
    expect(grantPairs(template, fnName('dev', 'count-likes'))).toEqual(
      expect.arrayContaining([
        `dynamodb:GetRecords ${ssm('table/likes/stream-arn')}`,
        `dynamodb:ListStreams ${tableArn('likes')}/stream/*`,
      ]),
    );
  });

  it('runs scheduled functions from an EventBridge rule', () => {
    const template = dev.template(APP_STACK('dev'));
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [functionLogicalId(template, fnName('dev', 'sweep')), 'Arn'] },
        }),
      ],
    });
  });

  it('creates sampling rules for the API stage: GET /feed lowest, reads below writes', () => {
    const template = dev.template(APP_STACK('dev'));
    const rules = Object.values(resourcesOfType(template, 'AWS::XRay::SamplingRule')).map(
      (rule) => (rule.Properties as { SamplingRule: Record<string, unknown> }).SamplingRule,
    );
    expect(
      rules.map((rule) => [rule.HTTPMethod, rule.URLPath, rule.FixedRate, rule.Priority]),
    ).toEqual([
      ['GET', '*/feed', 0.2, 100],
      ['GET', '*', 0.5, 1000],
      ['*', '*', 1, 1100],
    ]);
    for (const rule of rules) {
      expect(rule.ServiceName).toBe('traced-social-dev-fixture/dev');
      expect(rule.ServiceType).toBe('AWS::ApiGateway::Stage');
      expect(String(rule.RuleName).length).toBeLessThanOrEqual(32);
    }
  });

  it("creates X-Ray groups for the seed's monitoring queries and each operation type, each matching its stage's traces only", () => {
    const shared = dev.template(SHARED_STACK('dev'));
    shared.hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'dev-slow-requests',
      FilterExpression: 'annotation.stage = "dev" AND (responsetime > 1)',
    });
    shared.hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'dev-errors',
      FilterExpression: 'annotation.stage = "dev" AND (error = true OR fault = true)',
    });
    shared.hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'dev-cache-misses',
      FilterExpression: 'annotation.stage = "dev" AND (annotation.cacheHit = false)',
    });
    prod.template(SHARED_STACK('prod')).hasResourceProperties('AWS::XRay::Group', {
      GroupName: 'prod-errors',
      FilterExpression: 'annotation.stage = "prod" AND (error = true OR fault = true)',
    });
    expect(Object.values(monitoringQueries).join(' ')).not.toContain('cache.hit');
    // Each app has its group; key operations (here GET_FEED) have theirs, other operations not.
    const template = dev.template(APP_STACK('dev'));
    const groups = Object.values(resourcesOfType(template, 'AWS::XRay::Group')).map((group) => [
      group.Properties?.GroupName,
      group.Properties?.FilterExpression,
    ]);
    expect(groups).toEqual([
      ['dev-app-fixture', 'annotation.stage = "dev" AND (annotation.Service = "fixture")'],
      ['dev-op-GET_FEED', 'annotation.stage = "dev" AND (annotation.operationType = "GET_FEED")'],
    ]);
  });

  it("saves the seed's three Logs Insights queries, fixed for Powertools' structured logs", () => {
    const template = dev.template(APP_STACK('dev'));
    const queries = Object.values(resourcesOfType(template, 'AWS::Logs::QueryDefinition')).map(
      (query) =>
        query.Properties as { Name: string; QueryString: string; LogGroupNames: unknown[] },
    );
    expect(queries.map((query) => query.Name).sort()).toEqual([
      'traced-social/dev/fixture/cache-hit-rate',
      'traced-social/dev/fixture/error-rate-by-operation',
      'traced-social/dev/fixture/slowest-operations',
    ]);
    const byName = Object.fromEntries(queries.map((query) => [query.Name.split('/').pop(), query]));
    expect(byName['slowest-operations'].QueryString).toBe(
      'fields @timestamp, @duration, @initDuration, @log, @requestId\n| filter @type = "REPORT"\n| sort @duration desc\n| limit 20',
    );
    expect(byName['cache-hit-rate'].QueryString).toBe(
      'fields operationType, cacheHit\n| filter service = "fixture"\n| filter ispresent(cacheHit)\n| stats count(*) as lookups by operationType, cacheHit',
    );
    expect(byName['error-rate-by-operation'].QueryString).toBe(
      'fields @timestamp, error.message, operationType\n| filter service = "fixture"\n| filter level = "ERROR"\n| stats count(*) as errors by operationType',
    );
    for (const query of queries) {
      expect(query.QueryString).not.toMatch(/annotation\.|cache\.hit/);
      expect(query.LogGroupNames).toHaveLength(fixture.manifest.functions.length);
    }
  });

  it('builds a dashboard with latency percentiles, errors, cache hit rate and iterator age', () => {
    const template = dev.template(APP_STACK('dev'));
    const dashboards = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0].Properties?.DashboardBody);
    for (const needle of [
      'Duration p50',
      'Duration p99',
      '\\"stat\\":\\"p99\\"',
      'Errors',
      'Cache hit rate',
      'CacheHit',
      'CacheMiss',
      'IteratorAge',
      'Dead-letter queue depth',
      'API latency',
    ]) {
      expect(body).toContain(needle);
    }
  });

  it('alarms on error rate and p99 of every function and on iterator age of consumers', () => {
    const template = dev.template(APP_STACK('dev'));
    const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => alarm.Properties as Record<string, unknown>,
    );
    const count = (pattern: RegExp) =>
      alarms.filter((alarm) => pattern.test(String(alarm.AlarmDescription))).length;
    const functions = fixture.manifest.functions.length;
    expect(count(/of invocations fail/)).toBe(functions);
    expect(count(/p99 duration above/)).toBe(functions);
    expect(count(/behind its stream/)).toBe(2);
    expect(count(/dead-letter queue/)).toBe(2);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'get-thing: p99 duration above 1000 ms',
      ExtendedStatistic: 'p99',
      Threshold: 1000,
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'fan-out: p99 duration above 96000 ms',
      Threshold: 96000,
    });
  });

  it('creates the shared tables, stream, bucket, cache, secret and their SSM hand-over', () => {
    const shared = dev.template(SHARED_STACK('dev'));
    shared.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
        }),
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(Object.keys(resourcesOfType(shared, 'AWS::DynamoDB::Table'))).toHaveLength(
      Object.keys(resources.tables).length,
    );
    // The throttle counters expire by TTL on rate-limiter-flexible's `expire` attribute.
    shared.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expire', Enabled: true },
    });
    shared.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 2,
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
    shared.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT'],
            AllowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
          }),
        ],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'media/' }),
    });
    shared.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
    shared.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      TransitEncryptionEnabled: true,
      AtRestEncryptionEnabled: true,
      Port: 6380,
      NumCacheClusters: 1,
      MultiAZEnabled: false,
    });
    // The access-token keys: the private signing key and the public JWKS, apart; and Redis's
    // AUTH token (operations.spec.ts).
    shared.resourceCountIs('AWS::SecretsManager::Secret', 3);
    for (const name of ['access-token-signing-key', 'access-token-jwks']) {
      shared.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `traced-social/dev/${name}`,
        SecretString: '{}',
      });
    }
    shared.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/traced-social/dev/shared/table/likes/stream-arn',
      Value: { 'Fn::GetAtt': [Match.anyValue(), 'StreamArn'] },
    });
    shared.hasResourceProperties('AWS::SSM::Parameter', {
      Name: '/traced-social/dev/shared/redis/url',
      Value: {
        'Fn::Join': ['', Match.arrayWith(['rediss://'])],
      },
    });
  });

  it('reads the shared resources only through SSM parameters, so each app deploys alone', () => {
    const template = dev.template(APP_STACK('dev')).toJSON();
    expect(JSON.stringify(template)).not.toContain('Fn::ImportValue');
    const parameters = Object.values(
      template.Parameters as Record<string, { Type: string; Default?: string }>,
    );
    const shared = parameters.filter(
      (p) =>
        p.Type === 'AWS::SSM::Parameter::Value<String>' &&
        p.Default?.startsWith('/traced-social/dev/shared/'),
    );
    expect(shared.length).toBe(
      // tables posts, users, feeds, follows, likes (name + stream), notifications; stream; bucket;
      // secret; redis url and AUTH token; vpc id, two subnets, client security group; alerts
      // topic; web ACL
      7 + 1 + 1 + 1 + 2 + 4 + 1 + 1,
    );
  });

  it('differs in prod: no HTTPS capture, lower sampling, Multi-AZ cache, longer retention', () => {
    const template = prod.template(APP_STACK('prod'));
    for (const fn of fixture.manifest.functions) {
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: fnName('prod', fn.name),
        Environment: {
          Variables: Match.objectLike({
            POWERTOOLS_TRACER_CAPTURE_HTTPS_REQUESTS: 'false',
            POWERTOOLS_LOG_LEVEL: 'INFO',
            STAGE: 'prod',
          }),
        },
      });
    }
    const rate = (synth: Synthesised, stage: string, method: string, path: string) =>
      Object.values(resourcesOfType(synth.template(APP_STACK(stage)), 'AWS::XRay::SamplingRule'))
        .map((rule) => (rule.Properties as { SamplingRule: Record<string, unknown> }).SamplingRule)
        .find((rule) => rule.HTTPMethod === method && rule.URLPath === path)?.FixedRate as number;
    for (const [method, path] of [
      ['GET', '*/feed'],
      ['GET', '*'],
      ['*', '*'],
    ]) {
      expect(rate(prod, 'prod', method, path)).toBeLessThan(rate(dev, 'dev', method, path));
    }
    expect(rate(prod, 'prod', 'GET', '*/feed')).toBe(0.01);
    const shared = prod.template(SHARED_STACK('prod'));
    shared.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      NumCacheClusters: 2,
    });
    shared.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
    dev.template(SHARED_STACK('dev')).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    expect(prod.shared.terminationProtection).toBe(true);
  });

  it('fails synthesis on a wildcard grant nobody explained (cdk-nag AwsSolutions)', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { apps } = buildStacks(app, [fixture]);
    const handler = apps[0].functions[0].function;
    handler.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:*'], resources: ['*'] }));
    expect(() => app.synth()).toThrow(/AwsSolutions-IAM5\[Action::dynamodb:\*\]/);
  });
});

describe('X-Ray quotas', () => {
  it('fails synthesis before a stage needs more groups or sampling rules than an account holds', () => {
    const many = Array.from({ length: 12 }, (_, index) => ({
      ...fixture,
      manifest: {
        ...fixture.manifest,
        app: `app${index}`,
        service: `app${index}`,
        functions: fixture.manifest.functions.map((fn) =>
          fn.trigger.type === 'api'
            ? { ...fn, trigger: { ...fn.trigger, path: `/app${index}${fn.trigger.path}` } }
            : fn,
        ),
      },
    }));
    expect(
      xrayUsage(
        many.map((found) => found.manifest),
        stageConfig('dev'),
      ),
    ).toEqual({
      groups: 3 + 12 * 2, // queries; per app: its group and GET_FEED
      samplingRules: 1 + 12 * 2, // default; per app: reads and writes
    });
    expect(() => synthesise({ apps: many })).toThrow(
      'Stage dev needs 27 X-Ray groups (quota 25): trim KEY_OPERATION_TYPES or sampling route overrides, or raise the quota',
    );
  });
});

describe('stage and app selection', () => {
  it('refuses an unknown stage, an unknown app and an unknown tracing backend', () => {
    expect(() => synthesise({ apps: [fixture], context: { stage: 'qa' } })).toThrow(
      'Unknown stage "qa": expected one of dev, prod',
    );
    expect(() => synthesise({ apps: [fixture], context: { apps: 'nope' } })).toThrow(
      'Unknown app(s) nope: found fixture',
    );
    expect(() =>
      synthesise({ apps: [fixture], context: { 'tracingBackend.fixture': 'zipkin' } }),
    ).toThrow('tracingBackend.fixture must be "xray" or "otel", not "zipkin"');
  });
});
