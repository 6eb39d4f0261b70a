import { Aspects, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import { ManagedPolicy, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { accessTokenKeySecrets } from './access-token-keys';
import type { Construct } from 'constructs';
import { accessTokenSecretNames, resources } from '@traced-social/manifest';
import type { StageConfig } from '../config/stage';
import { stageGroups } from '@traced-social/xray-config';
import { createXrayGroups } from '../monitoring/xray-groups';
import { NotifyAlertsTopic } from '../monitoring/alarm-actions';
import { createAlertsTopic } from './alerts';
import { createAccessLogsBucket, createBucket, createStream, createTable } from './data';
import { availabilityZonesOf, createCacheNetwork } from './network';
import { publishShared, sharedKeys } from './shared-parameters';
import { enableTransactionSearch } from './transaction-search';
import { createWebAcl } from './web-acl';
import { routeInsightNotifications } from './insight-notifications';
import {
  accountConcurrencyAlarm,
  redisAlarms,
  streamWriteAlarm,
} from '../monitoring/platform-alarms';
import { acknowledgeNag } from '../nag';

export interface SharedStackProps extends StackProps {
  config: StageConfig;
  /** The alerts topic's subscribers (stage configuration plus context, checked). */
  alerts: StageConfig['alerts'];
  tracing: SharedTracingNeeds;
}

/** What the apps' tracing backends need from the account (see build-stacks.ts). */
export interface SharedTracingNeeds {
  /** Some app runs on `otel`: X-Ray's OTLP endpoint needs Transaction Search. */
  transactionSearch: boolean;
  /** Such an app has functions in the VPC: they reach X-Ray through an interface endpoint. */
  otelInVpc: boolean;
}

/** Share of spans indexed as trace summaries by Transaction Search (the first 1% is free). */
const TRANSACTION_SEARCH_INDEXING_PERCENT = 1;

/**
 * What every app uses and none owns: the tables, the event stream, the media bucket, the VPC with
 * Redis, the access-token keys, API Gateway's logging role and the product-wide X-Ray groups. App
 * stacks find these through SSM parameters (see shared-parameters.ts).
 */
export class SharedStack extends Stack {
  /** Named, not looked up: synthesis needs no AWS account (the VPC spans these two). */
  override get availabilityZones(): string[] {
    return availabilityZonesOf(this.region);
  }

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id, props);
    Validations.of(this).acknowledge({
      id: 'CloudFormation-Validate::W3010',
      reason:
        'Availability zones are named (<region>a, <region>b) so synthesis needs no AWS account',
    });
    const { config } = props;
    const stage = config.stage;
    const removalPolicy = config.retainData ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const publish = (key: string, value: string) => publishShared(this, stage, key, value);

    const alertsTopic = createAlertsTopic(this, config, props.alerts, removalPolicy);
    publish(sharedKeys.alertsTopicArn, alertsTopic.topicArn);
    Aspects.of(this).add(new NotifyAlertsTopic(alertsTopic.topicArn));
    publish(sharedKeys.webAclArn, createWebAcl(this, config).attrArn);

    for (const [name, spec] of Object.entries(resources.tables)) {
      const table = createTable(this, name, spec, removalPolicy, config.retainData);
      publish(sharedKeys.tableName(name), table.tableName);
      if (table.tableStreamArn) publish(sharedKeys.tableStreamArn(name), table.tableStreamArn);
    }
    for (const [name, spec] of Object.entries(resources.streams)) {
      const stream = createStream(this, name, spec, config, removalPolicy);
      publish(sharedKeys.streamName(name), stream.streamName);
      streamWriteAlarm(this, name, stream);
    }
    const accessLogs = createAccessLogsBucket(this, removalPolicy);
    for (const [name, spec] of Object.entries(resources.buckets)) {
      const bucket = createBucket(this, name, spec, accessLogs, removalPolicy, config.webOrigins);
      publish(sharedKeys.bucketName(name), bucket.bucketName);
    }

    const network = createCacheNetwork(this, config, removalPolicy, {
      otelInVpc: props.tracing.otelInVpc,
    });
    publish(sharedKeys.redisUrl, network.redisUrl);
    publish(sharedKeys.redisAuthTokenArn, network.redisAuthToken.secretArn);
    redisAlarms(this, network.redis, 1 + config.redis.replicas);
    accountConcurrencyAlarm(this, config.alarms.accountConcurrencyPercent);
    routeInsightNotifications(this, stage, alertsTopic);
    publish(sharedKeys.vpcId, network.vpc.vpcId);
    network.subnets.forEach((subnet, index) =>
      publish(sharedKeys.privateSubnetId(index), subnet.subnetId),
    );
    publish(sharedKeys.redisClientSecurityGroupId, network.clientSecurityGroup.securityGroupId);

    const keys = accessTokenKeySecrets(this, stage, accessTokenSecretNames(stage), removalPolicy);
    publish(sharedKeys.accessTokenSigningKeyArn, keys.signingKey.secretArn);
    publish(sharedKeys.accessTokenJwksArn, keys.jwks.secretArn);

    // API Gateway writes stage execution logs through one role per account and region.
    const apiGatewayLogsRole = new Role(this, 'ApiGatewayLogsRole', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      managedPolicies: [
        ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      ],
    });
    new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: apiGatewayLogsRole.roleArn });
    acknowledgeNag(
      apiGatewayLogsRole,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "The policy AWS documents for API Gateway's account-wide logging role",
    );

    if (props.tracing.transactionSearch) {
      enableTransactionSearch(this, TRANSACTION_SEARCH_INDEXING_PERCENT);
    }

    createXrayGroups(this, stageGroups(stage));
  }
}
