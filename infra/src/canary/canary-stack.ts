import { join } from 'node:path';
import {
  Aspects,
  Duration,
  RemovalPolicy,
  Stack,
  type CfnElement,
  type StackProps,
} from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { StringParameter } from 'aws-cdk-lib/aws-ssm';
import { Canary, Code, Runtime, Schedule, Test } from 'aws-cdk-lib/aws-synthetics';
import type { Construct } from 'constructs';
import { buildSync } from 'esbuild';
import { canaryName, PRODUCT } from '../config/names';
import type { StageConfig } from '../config/stage';
import { WORKSPACE_ROOT } from '../discover';
import { NotifyAlertsTopic } from '../monitoring/alarm-actions';
import { acknowledgeNag } from '../nag';
import { readShared, sharedKeys } from '../shared/shared-parameters';

/** The apps the flow walks, and the environment variable of each one's API URL. */
const FLOW_APIS = {
  auth: 'API_URL_AUTH',
  posts: 'API_URL_POSTS',
  feed: 'API_URL_FEED',
  likes: 'API_URL_LIKES',
} as const;
export const CANARY_FLOW_APPS = Object.keys(FLOW_APIS);

const HANDLER_SOURCE = join(WORKSPACE_ROOT, 'tools/canary/src/synthetics-handler.ts');

/** The canary script, bundled from tools/canary (the same flow `npm run canary` runs). */
export function bundleCanaryScript(): string {
  const result = buildSync({
    entryPoints: [HANDLER_SOURCE],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    write: false,
    // The Synthetics Node.js runtime provides the AWS SDK v3.
    external: ['@aws-sdk/*'],
    tsconfig: join(WORKSPACE_ROOT, 'tsconfig.base.json'),
  });
  return result.outputFiles[0].text;
}

export interface CanaryStackProps extends StackProps {
  config: StageConfig;
}

/**
 * The stage's CloudWatch Synthetics canary (its own stack: it reads every flow app's API URL
 * from SSM, so it deploys after them and none of them depends on it). Every 5 minutes, with
 * active tracing, a dedicated synthetic user signs in, creates a post, reads the feed, likes the
 * post and deletes it; its trace carries `synthetic = true`. A failed run alarms to the alerts
 * topic.
 */
export class CanaryStack extends Stack {
  readonly canary: Canary;

  constructor(scope: Construct, id: string, props: CanaryStackProps) {
    super(scope, id, props);
    const stage = props.config.stage;
    const user = new Secret(this, 'SyntheticUser', {
      description: `Traced Social ${stage}: the canary's synthetic user`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({
          email: `canary+${stage}@traced-social.invalid`,
          username: `synthetic_canary_${stage}`,
        }),
        generateStringKey: 'password',
        passwordLength: 32,
        excludePunctuation: true,
        requireEachIncludedType: true,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeNag(
      user,
      'SMG4',
      "The synthetic user's password is only ever used by the canary; rotating it would need the user's password changed through the API too",
    );
    const apiUrl = (app: string) =>
      StringParameter.valueForStringParameter(this, `/${PRODUCT}/${stage}/${app}/api-url`);
    this.canary = new Canary(this, 'Canary', {
      canaryName: canaryName(stage),
      runtime: Runtime.SYNTHETICS_NODEJS_3_1,
      test: Test.custom({ code: Code.fromInline(bundleCanaryScript()), handler: 'index.handler' }),
      schedule: Schedule.rate(Duration.minutes(5)),
      activeTracing: true,
      environmentVariables: {
        ...Object.fromEntries(
          Object.entries(FLOW_APIS).map(([app, variable]) => [variable, apiUrl(app)]),
        ),
        CANARY_USER_SECRET_ARN: user.secretArn,
      },
      artifactsBucketLifecycleRules: [{ expiration: Duration.days(30) }],
      provisionedResourceCleanup: true,
    });
    user.grantRead(this.canary.role);
    this.acknowledgeCanaryDefaults();

    this.canary
      .metricSuccessPercent({ period: Duration.minutes(5), statistic: 'Average' })
      .createAlarm(this, 'Alarm:CanaryFailing', {
        alarmDescription: `Canary ${this.canary.canaryName}: the seed's flow failed in 2 of the last 3 runs`,
        threshold: 100,
        comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        // No runs at all (stopped, broken deployment) is a failure too.
        treatMissingData: TreatMissingData.BREACHING,
      });
    Aspects.of(this).add(new NotifyAlertsTopic(readShared(this, stage, sharedKeys.alertsTopicArn)));
  }

  /** What Synthetics' own bucket and role need, acknowledged where CDK creates them. */
  private acknowledgeCanaryDefaults(): void {
    acknowledgeNag(
      this.canary.artifactsBucket,
      'S1',
      "The canary's own artifacts (run logs and reports, no user data), expired after 30 days",
    );
    const bucket = this.getLogicalId(this.canary.artifactsBucket.node.defaultChild as CfnElement);
    const wildcards: Record<string, string> = {
      '*':
        'What every Synthetics canary needs: s3:ListAllMyBuckets, cloudwatch:PutMetricData (limited to ' +
        'the CloudWatchSynthetics namespace by condition) and xray:PutTraceSegments take no resource',
      [`<${bucket}.Arn>/*`]: "Objects of the canary's own artifacts bucket (one per run)",
      [`arn:<AWS::Partition>:logs:${this.region}:${this.account}:log-group:/aws/lambda/cwsyn-*`]:
        "The canary's Lambda log group, named by Synthetics at creation",
    };
    for (const [resource, reason] of Object.entries(wildcards)) {
      acknowledgeNag(this.canary.role, `IAM5[Resource::${resource}]`, reason);
    }
  }
}
