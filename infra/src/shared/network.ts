import { CfnReplicationGroup, CfnSubnetGroup } from 'aws-cdk-lib/aws-elasticache';
import {
  FlowLogDestination,
  GatewayVpcEndpointAwsService,
  InterfaceVpcEndpointAwsService,
  Peer,
  Port,
  SecurityGroup,
  SubnetType,
  Vpc,
  type ISubnet,
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
  /** The private (isolated) subnets the functions and Redis live in, one per zone. */
  subnets: ISubnet[];
  /** Given to every function that uses Redis; the only source Redis accepts. */
  clientSecurityGroup: SecurityGroup;
  /** `rediss://host:port` (TLS in transit). */
  redisUrl: string;
  redis: CfnReplicationGroup;
}

export interface CacheNetworkOptions {
  /** An app with VPC functions exports spans over OTLP: X-Ray needs an interface endpoint too. */
  otelInVpc: boolean;
}

/**
 * The VPC and ElastiCache Redis inside it. The functions in it reach DynamoDB and S3 through
 * gateway endpoints and Secrets Manager (the JWT key) through an interface endpoint; that is all
 * their egress, so the subnets are isolated and there is no NAT gateway (decision 1601).
 */
export function createCacheNetwork(
  scope: Construct,
  config: StageConfig,
  removalPolicy: RemovalPolicy,
  options: CacheNetworkOptions,
): CacheNetwork {
  const vpc = new Vpc(scope, 'Vpc', {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [
      { name: 'private', subnetType: SubnetType.PRIVATE_ISOLATED, cidrMask: 22 },
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
  const endpointSecurityGroup = new SecurityGroup(scope, 'InterfaceEndpoints', {
    vpc,
    description: 'Interface endpoints: HTTPS from the functions in the VPC',
    allowAllOutbound: false,
  });
  endpointSecurityGroup.addIngressRule(
    Peer.securityGroupId(clientSecurityGroup.securityGroupId),
    Port.tcp(443),
    'Functions in the VPC',
  );
  const interfaceEndpoints = [InterfaceVpcEndpointAwsService.SECRETS_MANAGER];
  if (options.otelInVpc) interfaceEndpoints.push(InterfaceVpcEndpointAwsService.XRAY);
  for (const service of interfaceEndpoints) {
    vpc.addInterfaceEndpoint(`Endpoint:${service.shortName}`, {
      service,
      privateDnsEnabled: true,
      securityGroups: [endpointSecurityGroup],
      open: false, // not the whole VPC CIDR: the functions' security group only (above)
    });
  }

  const redisSecurityGroup = new SecurityGroup(scope, 'RedisServer', {
    vpc,
    description: 'ElastiCache Redis: reachable from Redis clients only',
    allowAllOutbound: false,
  });
  redisSecurityGroup.addIngressRule(clientSecurityGroup, Port.tcp(REDIS_PORT), 'Redis clients');

  const subnets = vpc.isolatedSubnets;
  const subnetGroup = new CfnSubnetGroup(scope, 'RedisSubnets', {
    description: 'Private subnets of the Redis cache',
    subnetIds: subnets.map((subnet) => subnet.subnetId),
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
  return { vpc, subnets, clientSecurityGroup, redisUrl, redis };
}
