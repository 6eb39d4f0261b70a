import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { loadApp, WORKSPACE_ROOT } from './discover';
import { fixtureApp, synthesise, type Synthesised } from './testing/synth';
import {
  functionStatements,
  renderValue,
  resourcesOfType,
  type CfnResourceJson,
} from './testing/template-helpers';

/**
 * Production operations (issue 16) on the fixture app, dev and prod: the alerting path, the
 * shield on public routes, coverage alarms, SLO burn-rate alerts, anomaly alarms, the canary.
 */
const fixture = fixtureApp();
/** The real auth app: the public `/auth/*` routes the shield is for. */
const auth = loadApp(join(WORKSPACE_ROOT, 'apps/auth'));
const APP_STACK = (stage: string) => `traced-social-${stage}-fixture`;
const SHARED_STACK = (stage: string) => `traced-social-${stage}-shared`;
const CANARY_STACK = (stage: string) => `traced-social-${stage}-canary`;

/** The parts of a CloudWatch alarm's properties these tests read. */
interface MetricQuery {
  Expression?: string;
  ReturnData?: boolean;
  MetricStat?: {
    Period: number;
    Stat: string;
    Metric: {
      Namespace: string;
      MetricName: string;
      Dimensions: { Name: string; Value: string }[];
    };
  };
}
interface AlarmProps {
  AlarmDescription: string;
  AlarmRule?: unknown;
  AlarmActions?: unknown[];
  Metrics: MetricQuery[];
  [key: string]: unknown;
}
interface WafStatement {
  ByteMatchStatement: { SearchString: string };
  RateBasedStatement: {
    Limit: number;
    ScopeDownStatement: { OrStatement: { Statements: WafStatement[] } };
  };
}
/** The one resource of a type in a template, with its logical id (fails when there are more). */
function onlyResourceOfType(template: Template, type: string): [string, CfnResourceJson] {
  const found = Object.entries(resourcesOfType(template, type));
  expect(found).toHaveLength(1);
  return found[0];
}
/** The metric statistics of an alarm (its expressions left out). */
const statsOf = (alarm: AlarmProps) =>
  alarm.Metrics.flatMap((query) => (query.MetricStat ? [query.MetricStat] : []));

describe('production operations', () => {
  let dev: Synthesised;
  let prod: Synthesised;

  beforeAll(() => {
    dev = synthesise({ apps: [fixture], context: { alertEmails: 'oncall@example.com' } });
    prod = synthesise({ apps: [fixture, auth], context: { stage: 'prod' } });
  });

  /** Dev's and prod's shared stack templates. */
  const sharedStacks = () =>
    (
      [
        [dev, 'dev'],
        [prod, 'prod'],
      ] as const
    ).map(([synth, stage]) => ({ stage, shared: synth.template(SHARED_STACK(stage)) }));

  describe('alerting path', () => {
    it('creates an encrypted alerts topic in the shared stack and hands its ARN over through SSM', () => {
      const shared = dev.template(SHARED_STACK('dev'));
      const [topicId, topic] = onlyResourceOfType(shared, 'AWS::SNS::Topic');
      const keyRef = renderValue(shared, topic.Properties?.KmsMasterKeyId);
      expect(keyRef).toMatch(/^\{AlertsKey[0-9A-F]+\.Arn\}$/);
      shared.hasResourceProperties('AWS::KMS::Key', {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            }),
          ]),
        },
      });
      shared.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/traced-social/dev/shared/alerts/topic-arn',
        Value: { Ref: topicId },
      });
    });

    it('subscribes the configured emails, and PagerDuty in prod from an SSM parameter', () => {
      dev.template(SHARED_STACK('dev')).hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: 'oncall@example.com',
      });
      const shared = prod.template(SHARED_STACK('prod'));
      const subscriptions = Object.values(resourcesOfType(shared, 'AWS::SNS::Subscription'));
      expect(subscriptions.map((s) => s.Properties?.Protocol)).toEqual(['https']);
      expect(renderValue(shared, subscriptions[0].Properties?.Endpoint)).toBe(
        '{/traced-social/prod/alerts/pagerduty-url}',
      );
    });

    it('gives every alarm of every stack alarm and OK actions on the alerts topic', () => {
      let checked = 0;
      for (const [synth, stage] of [
        [dev, 'dev'],
        [prod, 'prod'],
      ] as const) {
        for (const stackName of [SHARED_STACK(stage), APP_STACK(stage), CANARY_STACK(stage)]) {
          const template = synth.template(stackName);
          const alarms = {
            ...resourcesOfType(template, 'AWS::CloudWatch::Alarm'),
            ...resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm'),
          };
          const topic =
            stackName === SHARED_STACK(stage)
              ? `{${Object.keys(resourcesOfType(template, 'AWS::SNS::Topic'))[0]}}`
              : `{/traced-social/${stage}/shared/alerts/topic-arn}`;
          // A composite's inputs notify through it (it has the actions, they have none).
          const compositeInputs = JSON.stringify(
            resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm'),
          );
          for (const [id, alarm] of Object.entries(alarms)) {
            if (
              alarm.Type === 'AWS::CloudWatch::Alarm' &&
              compositeInputs.includes(`"${id}"`) &&
              !alarm.Properties?.AlarmActions
            ) {
              continue;
            }
            const actions = (key: string) =>
              ((alarm.Properties?.[key] ?? []) as unknown[]).map((arn) =>
                renderValue(template, arn),
              );
            expect({ id, alarm: actions('AlarmActions'), ok: actions('OKActions') }).toEqual({
              id,
              alarm: [topic],
              ok: [topic],
            });
            checked += 1;
          }
        }
      }
      expect(checked).toBeGreaterThan(20);
    });

    it('refuses to synthesise prod when nobody would hear an alarm', () => {
      expect(() =>
        synthesise({ apps: [fixture], context: { stage: 'prod', pagerDuty: 'false' } }),
      ).toThrow(/Stage prod has no alert subscriber/);
      expect(() =>
        synthesise({ apps: [fixture], context: { alertEmails: 'not-an-address' } }),
      ).toThrow('alertEmails: not an email address: not-an-address');
    });
  });

  describe('review fixes', () => {
    it('protects prod tables from deletion, not dev ones (dev stacks are torn down)', () => {
      const protection = (synth: Synthesised, stage: string) =>
        Object.values(
          resourcesOfType(synth.template(SHARED_STACK(stage)), 'AWS::DynamoDB::Table'),
        ).map((table) => table.Properties?.DeletionProtectionEnabled);
      expect(new Set(protection(prod, 'prod'))).toEqual(new Set([true]));
      expect(new Set(protection(dev, 'dev'))).toEqual(new Set([false]));
    });

    it('runs the VPC without NAT: isolated subnets, gateway endpoints and a Secrets Manager endpoint', () => {
      for (const { shared } of sharedStacks()) {
        shared.resourceCountIs('AWS::EC2::NatGateway', 0);
        shared.resourceCountIs('AWS::EC2::InternetGateway', 0);
        const endpoints = Object.values(resourcesOfType(shared, 'AWS::EC2::VPCEndpoint')).map(
          (endpoint) => ({
            service: renderValue(shared, endpoint.Properties?.ServiceName),
            type: endpoint.Properties?.VpcEndpointType,
            privateDns: endpoint.Properties?.PrivateDnsEnabled,
          }),
        );
        expect(endpoints).toEqual(
          expect.arrayContaining([
            {
              service: 'com.amazonaws.eu-west-1.secretsmanager',
              type: 'Interface',
              privateDns: true,
            },
            expect.objectContaining({
              type: 'Gateway',
              service: expect.stringMatching(/dynamodb$/),
            }),
            expect.objectContaining({ type: 'Gateway', service: expect.stringMatching(/s3$/) }),
          ]),
        );
        expect(endpoints).toHaveLength(3);
      }
    });

    it('puts Redis behind TLS and an AUTH token from Secrets Manager, readable by Redis users only', () => {
      for (const { stage, shared } of sharedStacks()) {
        const [secretId] = Object.keys(
          shared.findResources('AWS::SecretsManager::Secret', {
            Properties: { Name: `traced-social/${stage}/redis-auth-token` },
          }),
        );
        shared.hasResourceProperties('AWS::SecretsManager::Secret', {
          Name: `traced-social/${stage}/redis-auth-token`,
          GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
        });
        const [, redis] = onlyResourceOfType(shared, 'AWS::ElastiCache::ReplicationGroup');
        expect(redis.Properties?.TransitEncryptionEnabled).toBe(true);
        // A dynamic reference resolved by CloudFormation: no token in the template.
        expect(redis.Properties?.AuthToken).toEqual({
          'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']],
        });
        shared.hasResourceProperties('AWS::SSM::Parameter', {
          Name: `/traced-social/${stage}/shared/redis/auth-token/arn`,
          Value: { Ref: secretId },
        });
        const suppressed = JSON.stringify(shared.toJSON()).match(/AwsSolutions-AEC6/g);
        expect(suppressed).toBeNull();
      }
      const template = dev.template(APP_STACK('dev'));
      const tokenArn = '{/traced-social/dev/shared/redis/auth-token/arn}';
      for (const fn of fixture.manifest.functions) {
        const name = `traced-social-dev-fixture-${fn.name}`;
        const readsToken = functionStatements(template, name).some(
          ({ actions, resources }) =>
            actions.includes('secretsmanager:GetSecretValue') && resources.includes(tokenArn),
        );
        expect([fn.name, readsToken]).toEqual([fn.name, Boolean(fn.uses?.redis)]);
      }
      template.hasResourceProperties('AWS::Lambda::Function', {
        FunctionName: 'traced-social-dev-fixture-get-feed',
        Environment: {
          Variables: Match.objectLike({
            REDIS_URL: Match.anyValue(),
            REDIS_AUTH_TOKEN_ARN: Match.anyValue(),
          }),
        },
      });
    });

    it('grants no dynamodb:Scan and no managed policy to any function', () => {
      const template = dev.template(APP_STACK('dev'));
      for (const fn of fixture.manifest.functions) {
        const actions = functionStatements(
          template,
          `traced-social-dev-fixture-${fn.name}`,
        ).flatMap((statement) => statement.actions);
        expect(actions).not.toContain('dynamodb:Scan');
      }
      for (const role of Object.values(resourcesOfType(template, 'AWS::IAM::Role'))) {
        expect(role.Properties?.ManagedPolicyArns).toBeUndefined();
      }
    });

    it('names no log group, so a stack recreated after a retained one deploys', () => {
      for (const synth of [dev, prod]) {
        for (const stack of [synth.shared, ...synth.apps]) {
          const template = synth.template(stack.stackName);
          const groups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup'));
          expect(groups.length).toBeGreaterThan(0);
          for (const group of groups) expect(group.Properties?.LogGroupName).toBeUndefined();
        }
      }
      dev.template(APP_STACK('dev')).hasResourceProperties('AWS::Lambda::Function', {
        LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('Logs') } },
      });
    });

    it('limits media CORS to the stage origins (none in prod) and aborts stale multipart uploads', () => {
      const media = (synth: Synthesised, stage: string) =>
        Object.values(resourcesOfType(synth.template(SHARED_STACK(stage)), 'AWS::S3::Bucket')).find(
          (bucket) =>
            JSON.stringify(bucket.Properties?.LoggingConfiguration ?? {}).includes('media/'),
        )!.Properties!;
      expect(media(prod, 'prod').CorsConfiguration).toBeUndefined();
      expect(media(dev, 'dev').CorsConfiguration).toEqual({
        CorsRules: [
          expect.objectContaining({
            AllowedOrigins: ['http://localhost:3000', 'http://127.0.0.1:3000'],
          }),
        ],
      });
      for (const synth of [dev, prod]) {
        for (const bucket of Object.values(
          resourcesOfType(synth.template(synth.shared.stackName), 'AWS::S3::Bucket'),
        )) {
          expect(bucket.Properties?.LifecycleConfiguration).toEqual({
            Rules: expect.arrayContaining([
              expect.objectContaining({
                AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
              }),
            ]),
          });
        }
      }
    });

    it('pins account and region per stage and refuses others from context', () => {
      for (const stack of [prod.shared, ...prod.apps] as Stack[]) {
        expect([stack.account, stack.region]).toEqual(['000000000000', 'eu-west-1']);
      }
      expect(() => synthesise({ apps: [fixture], context: { account: '123456789012' } })).toThrow(
        'Stage dev is pinned to account 000000000000 (infra/src/config/stage.ts), not 123456789012',
      );
    });

    it("passes cdk-nag with cdk.json's merged policies, the VPC functions' ENI actions included", () => {
      // `@aws-cdk/aws-iam:minimizePolicies` (as `cdk synth` runs) merges X-Ray and ENI statements.
      const merged = synthesise({
        apps: [fixture],
        context: { '@aws-cdk/aws-iam:minimizePolicies': true, apps: 'fixture' },
      });
      const statements = functionStatements(
        merged.template(APP_STACK('dev')),
        'traced-social-dev-fixture-get-feed',
      );
      expect(statements).toContainEqual({
        actions: expect.arrayContaining(['ec2:CreateNetworkInterface', 'xray:PutTraceSegments']),
        resources: ['*'],
      });
    });

    it('writes the cdk-nag acknowledgments into the templates', () => {
      const template = dev.template(APP_STACK('dev')).toJSON() as {
        Resources: Record<
          string,
          { Metadata?: { cdk_nag?: { rules_to_suppress: { id: string }[] } } }
        >;
      };
      const suppressed = Object.values(template.Resources).flatMap(
        (resource) => resource.Metadata?.cdk_nag?.rules_to_suppress.map((rule) => rule.id) ?? [],
      );
      expect(suppressed).toEqual(expect.arrayContaining(['AwsSolutions-L1', 'AwsSolutions-APIG4']));
    });

    it('enables Transaction Search, and a private route to X-Ray, only when an app runs on otel', () => {
      const shared = dev.template(SHARED_STACK('dev'));
      shared.resourceCountIs('AWS::XRay::TransactionSearchConfig', 0);
      const otel = synthesise({ apps: [fixture], context: { 'tracingBackend.fixture': 'otel' } });
      const template = otel.template(SHARED_STACK('dev'));
      template.hasResourceProperties('AWS::XRay::TransactionSearchConfig', {
        IndexingPercentage: 1,
      });
      const policy = Object.values(resourcesOfType(template, 'AWS::Logs::ResourcePolicy'))[0];
      expect(renderValue(template, policy.Properties?.PolicyDocument)).toContain(
        ':log-group:aws/spans:*',
      );
      const services = Object.values(resourcesOfType(template, 'AWS::EC2::VPCEndpoint')).map(
        (endpoint) => renderValue(template, endpoint.Properties?.ServiceName),
      );
      expect(services).toContain('com.amazonaws.eu-west-1.xray');
    });
  });

  describe('shield', () => {
    it('puts a web ACL in front of every API stage: per-IP rate limit on /auth/*, AWS managed rules', () => {
      const shared = prod.template(SHARED_STACK('prod'));
      const [aclId, aclResource] = onlyResourceOfType(shared, 'AWS::WAFv2::WebACL');
      const acl = aclResource.Properties as {
        Scope: string;
        DefaultAction: unknown;
        Rules: { Name: string; Priority: number; Statement: WafStatement }[];
      };
      expect(acl.Scope).toBe('REGIONAL');
      expect(acl.DefaultAction).toEqual({ Allow: {} });
      expect(acl.Rules.map((rule) => rule.Name)).toEqual([
        'auth-rate-per-ip',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
      ]);
      const rate = acl.Rules[0].Statement.RateBasedStatement;
      expect(rate).toMatchObject({ Limit: 300, AggregateKeyType: 'IP', EvaluationWindowSec: 300 });
      expect(
        rate.ScopeDownStatement.OrStatement.Statements.map(
          (statement: WafStatement) => statement.ByteMatchStatement.SearchString,
        ),
      ).toEqual(['/auth/', '/prod/auth/']);
      shared.hasResourceProperties('AWS::SSM::Parameter', {
        Name: '/traced-social/prod/shared/waf/web-acl-arn',
        Value: { 'Fn::GetAtt': [aclId, 'Arn'] },
      });
      for (const stack of prod.apps) {
        const template = prod.template(stack.stackName);
        const associations = Object.values(
          resourcesOfType(template, 'AWS::WAFv2::WebACLAssociation'),
        );
        expect(associations).toHaveLength(1);
        expect(renderValue(template, associations[0].Properties?.WebACLArn)).toBe(
          '{/traced-social/prod/shared/waf/web-acl-arn}',
        );
        expect(renderValue(template, associations[0].Properties?.ResourceArn)).toMatch(
          /^arn:\{AWS::Partition\}:apigateway:eu-west-1::\/restapis\/\{RestApi[0-9A-Za-z]+\}\/stages\/\{RestApi[0-9A-Za-z]+Stage[0-9A-Za-z]+\}$/,
        );
      }
    });

    it('throttles each auth method on its own and reserves concurrency for the auth functions', () => {
      const template = prod.template(APP_STACK('prod').replace('fixture', 'auth'));
      const stage = Object.values(resourcesOfType(template, 'AWS::ApiGateway::Stage'))[0];
      const settings = stage.Properties?.MethodSettings as Record<string, unknown>[];
      const authRoutes = auth.manifest.functions.flatMap((fn) =>
        fn.trigger.type === 'api' ? [fn.trigger] : [],
      );
      expect(authRoutes.length).toBeGreaterThan(0);
      for (const route of authRoutes) {
        expect(settings).toContainEqual(
          expect.objectContaining({
            ResourcePath: `/${route.path.replace(/\//g, '~1')}`,
            HttpMethod: route.method,
            ThrottlingRateLimit: 100,
            ThrottlingBurstLimit: 200,
          }),
        );
      }
      for (const fn of Object.values(resourcesOfType(template, 'AWS::Lambda::Function'))) {
        expect(fn.Properties?.ReservedConcurrentExecutions).toBe(25);
      }
      // Other apps keep the shared pool and the stage-wide throttle only.
      const fixtureTemplate = prod.template(APP_STACK('prod'));
      for (const fn of Object.values(resourcesOfType(fixtureTemplate, 'AWS::Lambda::Function'))) {
        expect(fn.Properties?.ReservedConcurrentExecutions).toBeUndefined();
      }
      const fixtureStage = Object.values(
        resourcesOfType(fixtureTemplate, 'AWS::ApiGateway::Stage'),
      )[0];
      expect(
        (fixtureStage.Properties?.MethodSettings as { ResourcePath: string }[]).map(
          (s) => s.ResourcePath,
        ),
      ).toEqual(['/*']);
    });
  });

  describe('coverage', () => {
    const alarmsOf = (synth: Synthesised, stackName: string) =>
      Object.values(resourcesOfType(synth.template(stackName), 'AWS::CloudWatch::Alarm')).map(
        (alarm) => alarm.Properties as AlarmProps,
      );
    const described = (alarms: AlarmProps[], pattern: RegExp) =>
      alarms.filter((alarm) => pattern.test(String(alarm.AlarmDescription)));

    it('alarms on throttles of every function, the API 5XX and 4XX ratios and p99 latency', () => {
      const alarms = alarmsOf(dev, APP_STACK('dev'));
      const throttles = described(alarms, /invocations throttled/);
      expect(throttles).toHaveLength(fixture.manifest.functions.length);
      expect(throttles[0]).toMatchObject({ MetricName: 'Throttles', Threshold: 0 });
      const api = (pattern: RegExp) => {
        const found = described(alarms, pattern);
        expect(found).toHaveLength(1);
        return found[0];
      };
      expect(JSON.stringify(api(/API: more than 5% of requests answered 5XX/).Metrics)).toContain(
        '5XXError',
      );
      expect(JSON.stringify(api(/API: more than 25% of requests answered 4XX/).Metrics)).toContain(
        '4XXError',
      );
      expect(api(/API: p99 latency above 1000 ms/)).toMatchObject({
        MetricName: 'Latency',
        Namespace: 'AWS/ApiGateway',
        ExtendedStatistic: 'p99',
      });
    });

    it("watches a scheduled function's heartbeat: no invocation, or no data at all, breaches", () => {
      const [heartbeat] = described(alarmsOf(dev, APP_STACK('dev')), /not invoked for/);
      expect(heartbeat).toMatchObject({
        MetricName: 'Invocations',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 1,
        Period: 3600, // the fixture's sweep runs rate(1 hour)
        TreatMissingData: 'breaching',
      });
    });

    it('alarms on account concurrency, Redis CPU/memory/evictions per node and Kinesis write throttling', () => {
      for (const [synth, stage, nodes] of [
        [dev, 'dev', 1],
        [prod, 'prod', 2],
      ] as const) {
        const alarms = alarmsOf(synth, SHARED_STACK(stage));
        const [concurrency] = described(alarms, /account's concurrency quota/);
        expect(JSON.stringify(concurrency.Metrics)).toContain('SERVICE_QUOTA(usage)');
        expect(described(alarms, /^Redis node \d: engine CPU/)).toHaveLength(nodes);
        expect(described(alarms, /^Redis node \d: memory/)).toHaveLength(nodes);
        expect(described(alarms, /^Redis node \d: keys evicted/)).toHaveLength(nodes);
        expect(described(alarms, /^Kinesis events: writes refused/)[0]).toMatchObject({
          MetricName: 'WriteProvisionedThroughputExceeded',
          Namespace: 'AWS/Kinesis',
        });
      }
    });

    it('keeps prod events 7 days and gives up on a record at half the retention, dead-lettering it', () => {
      prod.template(SHARED_STACK('prod')).hasResourceProperties('AWS::Kinesis::Stream', {
        RetentionPeriodHours: 168,
      });
      dev.template(SHARED_STACK('dev')).hasResourceProperties('AWS::Kinesis::Stream', {
        RetentionPeriodHours: 24,
      });
      const maxAges = (synth: Synthesised, stage: string) =>
        Object.values(
          resourcesOfType(synth.template(APP_STACK(stage)), 'AWS::Lambda::EventSourceMapping'),
        )
          .map((mapping) => mapping.Properties?.MaximumRecordAgeInSeconds)
          .sort();
      // kinesis (fan-out), dynamodb stream (count-likes: 24 h, fixed)
      expect(maxAges(dev, 'dev')).toEqual([43200, 43200]);
      expect(maxAges(prod, 'prod')).toEqual([302400, 43200]);
    });

    it("routes the stage's X-Ray insight notifications to the alerts topic through EventBridge", () => {
      const shared = prod.template(SHARED_STACK('prod'));
      const [topicId] = Object.keys(resourcesOfType(shared, 'AWS::SNS::Topic'));
      shared.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: {
          source: ['aws.xray'],
          'detail-type': ['AWS X-Ray Insight Update'],
          detail: { GroupName: [{ prefix: 'prod-' }] },
        },
        Targets: [Match.objectLike({ Arn: { Ref: topicId } })],
      });
      shared.hasResourceProperties('AWS::SNS::TopicPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sns:Publish',
            }),
          ]),
        },
      });
    });
  });

  describe('SLOs', () => {
    const sloAlarms = (synth: Synthesised, stage: string) => {
      const template = synth.template(APP_STACK(stage));
      const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
      const composites = Object.values(
        resourcesOfType(template, 'AWS::CloudWatch::CompositeAlarm'),
      ).map((composite) => composite.Properties as AlarmProps);
      /** The rule as text, `(ALARM("{LongId.Arn}") AND ALARM("{ShortId.Arn}"))`. */
      const rule = (composite: AlarmProps) => renderValue(template, composite.AlarmRule);
      /** The two input alarms of a composite, long window first. */
      const inputs = (composite: AlarmProps) =>
        [...rule(composite).matchAll(/\{([A-Za-z0-9]+)\.Arn\}/g)].map(
          ([, id]) => alarms[id].Properties as AlarmProps,
        );
      return { composites, inputs, rule };
    };

    it('creates a fast and a slow multi-window burn-rate alert per operation and indicator', () => {
      const { composites, inputs, rule } = sloAlarms(dev, 'dev');
      expect(composites).toHaveLength(fixture.manifest.functions.length * 2 * 2);
      const find = (pattern: RegExp) => composites.filter((c) => pattern.test(c.AlarmDescription));
      const [fast] = find(/^SLO GET_THING \(get-thing\) 99.9% available: .* 14.4× too fast/);
      expect(rule(fast)).toMatch(/^\(ALARM\("\{\w+\.Arn\}"\) AND ALARM\("\{\w+\.Arn\}"\)\)$/);
      const windows = inputs(fast).map((alarm) => ({
        threshold: alarm.Threshold,
        periods: statsOf(alarm).map((stat) => stat.Period),
        metrics: statsOf(alarm).map(
          (stat) => `${stat.Metric.Namespace} ${stat.Metric.MetricName} ${stat.Stat}`,
        ),
        burn: alarm.Metrics.find((query) => query.ReturnData !== false && query.Expression)
          ?.Expression,
        actions: alarm.AlarmActions,
      }));
      expect(windows).toEqual([
        {
          threshold: 14.4,
          periods: [3600, 3600],
          metrics: ['AWS/ApiGateway 5XXError Sum', 'AWS/ApiGateway Count Sum'],
          burn: 'bad / 0.001',
          actions: undefined,
        },
        expect.objectContaining({ threshold: 14.4, periods: [300, 300] }),
      ]);
      const dimensions = statsOf(inputs(fast)[0])[0].Metric.Dimensions;
      expect(dimensions).toEqual(
        expect.arrayContaining([
          { Name: 'ApiName', Value: 'traced-social-dev-fixture' },
          { Name: 'Stage', Value: 'dev' },
          { Name: 'Resource', Value: '/things/{thingId}' },
          { Name: 'Method', Value: 'GET' },
        ]),
      );
      const [slow] = find(/^SLO GET_THING \(get-thing\) 99.9% available: .* 6× too fast/);
      expect(inputs(slow).map((alarm) => statsOf(alarm)[0].Period)).toEqual([21600, 1800]);
    });

    it("measures latency by percentile rank under the manifest's threshold, and consumers on Lambda metrics", () => {
      const { composites, inputs } = sloAlarms(dev, 'dev');
      const stats = (pattern: RegExp) =>
        composites
          .filter((c) => pattern.test(c.AlarmDescription))
          .flatMap((c) => inputs(c))
          .flatMap(statsOf)
          .map((stat) => `${stat.Metric.MetricName} ${stat.Stat}`);
      // get-feed declares 300 ms; the others inherit the defaults (1 s for APIs, 30 s for consumers)
      expect(new Set(stats(/^SLO GET_FEED \(get-feed\) 99% within 300 ms/))).toEqual(
        new Set(['Latency PR(:300)']),
      );
      expect(new Set(stats(/^SLO FAN_OUT \(fan-out\) 99% within 30000 ms/))).toEqual(
        new Set(['Duration PR(:30000)']),
      );
      expect(new Set(stats(/^SLO FAN_OUT \(fan-out\) 99.9% available/))).toEqual(
        new Set(['Errors Sum', 'Invocations Sum']),
      );
    });
  });

  describe('anomaly detection', () => {
    it('alarms per API route on p99 latency and 5XX count above their learned band', () => {
      const template = dev.template(APP_STACK('dev'));
      const alarms = Object.values(resourcesOfType(template, 'AWS::CloudWatch::Alarm'))
        .map((alarm) => alarm.Properties as AlarmProps)
        .filter((alarm) => alarm.ComparisonOperator === 'GreaterThanUpperThreshold');
      const routes = fixture.manifest.functions.flatMap((fn) =>
        fn.trigger.type === 'api' ? [fn.trigger] : [],
      );
      expect(alarms).toHaveLength(routes.length * 2);
      for (const route of routes) {
        const ofRoute = alarms.filter((alarm) =>
          alarm.AlarmDescription.startsWith(`${route.method} ${route.path}: `),
        );
        expect(
          ofRoute.map((alarm) => ({
            band: alarm.Metrics.find((query) => query.Expression)?.Expression,
            threshold: alarm.ThresholdMetricId,
            metric: `${statsOf(alarm)[0].Metric.MetricName} ${statsOf(alarm)[0].Stat}`,
            dimensions: statsOf(alarm)[0].Metric.Dimensions,
          })),
        ).toEqual(
          ['Latency p99', '5XXError Sum'].map((metric, index) => ({
            band: `ANOMALY_DETECTION_BAND(metric, ${index === 0 ? 3 : 4})`,
            threshold: 'band',
            metric,
            dimensions: [
              { Name: 'ApiName', Value: 'traced-social-dev-fixture' },
              { Name: 'Stage', Value: 'dev' },
              { Name: 'Resource', Value: route.path },
              { Name: 'Method', Value: route.method },
            ],
          })),
        );
      }
    });
  });

  describe('canary', () => {
    it("runs the seed's flow every 5 minutes per stage, actively traced, from the same script as npm run canary", () => {
      const template = dev.template(CANARY_STACK('dev'));
      const canaries = Object.values(resourcesOfType(template, 'AWS::Synthetics::Canary'));
      expect(canaries).toHaveLength(1);
      const canary = canaries[0].Properties as {
        Name: string;
        RuntimeVersion: string;
        Schedule: { Expression: string };
        RunConfig: { ActiveTracing: boolean; EnvironmentVariables: Record<string, unknown> };
        Code: { Handler: string; Script: string };
      };
      expect(canary).toMatchObject({
        Name: 'traced-social-dev-flow',
        RuntimeVersion: 'syn-nodejs-3.1',
        Schedule: { Expression: 'rate(5 minutes)' },
        RunConfig: { ActiveTracing: true },
        Code: { Handler: 'index.handler' },
      });
      // The bundle of tools/canary: the flow's steps and the synthetic annotation are in it.
      for (const needle of [
        'create a post',
        'delete the post',
        'traced-social-canary',
        'synthetic',
      ]) {
        expect(canary.Code.Script).toContain(needle);
      }
      const variables = Object.fromEntries(
        Object.entries(canary.RunConfig.EnvironmentVariables).map(([key, value]) => [
          key,
          renderValue(template, value),
        ]),
      );
      expect(variables).toEqual({
        API_URL_AUTH: '{/traced-social/dev/auth/api-url}',
        API_URL_POSTS: '{/traced-social/dev/posts/api-url}',
        API_URL_FEED: '{/traced-social/dev/feed/api-url}',
        API_URL_LIKES: '{/traced-social/dev/likes/api-url}',
        CANARY_USER_SECRET_ARN: expect.stringMatching(/^\{SyntheticUser[0-9A-F]+\}$/),
      });
    });

    it('alarms when the flow fails in 2 of 3 runs, or stops running', () => {
      dev.template(CANARY_STACK('dev')).hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'SuccessPercent',
        Namespace: 'CloudWatchSynthetics',
        ComparisonOperator: 'LessThanThreshold',
        Threshold: 100,
        DatapointsToAlarm: 2,
        TreatMissingData: 'breaching',
      });
    });

    it('comes with a whole-stage build only, so each app still deploys alone', () => {
      const one = synthesise({ apps: [fixture], context: { apps: 'fixture' } });
      expect(one.canary).toBeUndefined();
      expect(one.assembly.stacks.map((stack) => stack.stackName).sort()).toEqual([
        APP_STACK('dev'),
        SHARED_STACK('dev'),
      ]);
      expect(dev.canary?.dependencies.map((stack) => stack.stackName).sort()).toEqual([
        APP_STACK('dev'),
        SHARED_STACK('dev'),
      ]);
    });
  });
});
