import { CfnReplicationGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
} from 'aws-cdk-lib/aws-ec2';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { StageConfig } from '../config/stage';
import { acknowledgeNag } from '../nag';

/** Redis listens on a non-default port (a scanned 6379 is the first thing tried). */
export const REDIS_PORT = 6380;

/**
 * The VPC's availability zones, named rather than looked up so synthesis needs no AWS account
 * (the shared stack returns them as its `availabilityZones`). App stacks import the VPC with them.
 */
export const availabilityZonesOf = (region: string): string[] => [`${region}a`, `${region}b`];

export interface CacheNetwork {
  vpc: Vpc;
  /** Given to every function that uses Redis; the only source Redis accepts. */
  clientSecurityGroup: SecurityGroup;
  /** `rediss://host:port` (TLS in transit). */
  redisUrl: string;
}

/**
 * The VPC (private subnets with NAT for the functions, gateway endpoints so DynamoDB and S3
 * traffic stays off the NAT, flow logs) and ElastiCache Redis inside it.
 */
export function createCacheNetwork(
  scope: Construct,
  config: StageConfig,
  removalPolicy: RemovalPolicy,
): CacheNetwork {
  const vpc = new Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: config.natGateways,
    subnetConfiguration: [
      { name: 'public', subnetType: SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'private', subnetType: SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
    ],
    gatewayEndpoints: {
      DynamoDb: { service: GatewayVpcEndpointAwsService.DYNAMODB },
      S3: { service: GatewayVpcEndpointAwsService.S3 },
    },
  });
  const flowLogs = new LogGroup(scope, 'VpcFlowLogs', {
    retention: config.logRetentionDays as RetentionDays,
    removalPolicy,
  });
  vpc.addFlowLog('FlowLog', { destination: FlowLogDestination.toCloudWatchLogs(flowLogs) });

  const clientSecurityGroup = new SecurityGroup(scope, 'RedisClients', {
    vpc,
    description: 'Functions that use Redis',
    allowAllOutbound: true,
  });
  const redisSecurityGroup = new SecurityGroup(scope, 'RedisServer', {
    vpc,
    description: 'ElastiCache Redis: reachable from Redis clients only',
    allowAllOutbound: false,
  });
  redisSecurityGroup.addIngressRule(clientSecurityGroup, Port.tcp(REDIS_PORT), 'Redis clients');

  const subnetGroup = new CfnSubnetGroup(scope, 'RedisSubnets', {
    description: 'Private subnets of the Redis cache',
    subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
  });
  const replicated = config.redis.replicas > 0;
  const redis = new CfnReplicationGroup(scope, 'Redis', {
    replicationGroupDescription: `Traced Social ${config.stage} cache (feeds)`,
    engine: 'redis',
    engineVersion: '7.1',
    cacheNodeType: config.redis.nodeType,
    numCacheClusters: 1 + config.redis.replicas,
    automaticFailoverEnabled: replicated,
    multiAzEnabled: replicated,
    port: REDIS_PORT,
    transitEncryptionEnabled: true,
    atRestEncryptionEnabled: true,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [redisSecurityGroup.securityGroupId],
    snapshotRetentionLimit: config.retainData ? 7 : 1,
  });
  redis.applyRemovalPolicy(removalPolicy);
  if (!replicated) {
    acknowledgeNag(redis, 'AEC4', 'dev runs one cache node to save cost; prod is Multi-AZ');
  }
  acknowledgeNag(
    redis,
    'AEC6',
    'Reachable only from the Redis client security group inside the VPC, TLS in transit; the ' +
      'cache holds feed ids, rebuilt from DynamoDB. AUTH (or IAM auth) is a planned hardening.',
  );
  const redisUrl = `rediss://${redis.attrPrimaryEndPointAddress}:${redis.attrPrimaryEndPointPort}`;
  return { vpc, clientSecurityGroup, redisUrl };
}
